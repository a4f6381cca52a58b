import { useRef, useState } from 'react';
import type { ImportResult } from '../../api/types';
import { downloadExport, importFile } from '../../hooks/data-transfer';
import { summarizeImport } from '../../state/memory-view';
import { IconDownload, IconUpload } from '../icons';

/** Import a ChatGPT `conversations.json` or a Redline export; export all conversations as JSON. */
export function DataSection() {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const summary = result ? summarizeImport(result) : null;

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    const outcome = await importFile(file);
    setBusy(false);
    if (input.current) input.current.value = '';
    if (outcome.error !== null) setError(outcome.error);
    else setResult(outcome.result);
  };

  return (
    <div className="personal-card" role="group" aria-labelledby="data-title">
      <h2 id="data-title">Import and export</h2>
      <div className="data-row">
        <div className="data-text">
          <span className="switch-label">Import conversations</span>
          <span className="switch-description">
            A ChatGPT data export (<code>conversations.json</code>, from the unzipped export) or a Redline export. Branches are kept; conversations already
            imported are skipped.
          </span>
        </div>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          aria-label="Conversations file to import"
          tabIndex={-1}
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <button type="button" className="button" disabled={busy} onClick={() => input.current?.click()}>
          <IconUpload />
          {busy ? 'Importing…' : 'Import…'}
        </button>
      </div>
      {summary && (
        <div className="import-result" role="status">
          <p className="import-headline">{summary.headline}</p>
          {summary.details.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {summary.problems.length > 0 && (
            <ul className="import-problems">
              {summary.problems.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="data-row">
        <div className="data-text">
          <span className="switch-label">Export conversations</span>
          <span className="switch-description">Every conversation with all its branches, as JSON that Redline can import again.</span>
        </div>
        <button
          type="button"
          className="button"
          onClick={() => {
            setExportError(null);
            void downloadExport('/api/export', 'redline-conversations').then((failure) => failure && setExportError(`Export failed: ${failure}`));
          }}
        >
          <IconDownload />
          Export
        </button>
      </div>
      {exportError && (
        <p className="form-error" role="alert">
          {exportError}
        </p>
      )}
    </div>
  );
}
