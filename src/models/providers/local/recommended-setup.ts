import fs from 'node:fs';
import { OTHER_PROVIDER_OPTIONS, describeCause } from './errors.js';
import type { ModelFiles } from './model-files.js';
import { RECOMMENDED_MODEL } from './recommended-model.js';

/** Status of the recommended-model download, as shown by the UI and the CLI. */
export interface LocalSetup {
  /** True while the recommended model file is not on disk. */
  needed: boolean;
  state: 'idle' | 'downloading' | 'ready' | 'failed';
  model: string;
  uri: string;
  downloadedBytes: number;
  totalBytes: number;
  error: string | null;
  hint: string;
}

const GB = 1_000_000_000;

/** Tracks one background download of the recommended model; every method is synchronous and cheap to poll. */
export class RecommendedSetup {
  readonly #files: ModelFiles;
  #state: 'idle' | 'downloading' | 'failed' = 'idle';
  #error: string | null = null;

  constructor(files: ModelFiles) {
    this.#files = files;
  }

  /** Current status; `ready` whenever the file is on disk, however it got there. */
  status(): LocalSetup {
    const size = fileSize(this.#files.recommendedPath);
    if (size !== null) return this.#snapshot({ needed: false, state: 'ready', downloaded: size, total: size });
    const progress = this.#files.progress(RECOMMENDED_MODEL.uri);
    // A download started elsewhere (first chat request) shows up here too.
    const state = progress ? 'downloading' : this.#state;
    return this.#snapshot({
      needed: true,
      state,
      downloaded: progress?.downloaded ?? 0,
      total: progress?.total || RECOMMENDED_MODEL.sizeBytesApprox,
    });
  }

  /** Starts the download unless it is running or done; returns the new status. */
  start(): LocalSetup {
    const current = this.status();
    if (current.state === 'ready' || current.state === 'downloading') return current;
    this.#state = 'downloading';
    this.#error = null;
    // No signal: the setup download outlives the HTTP request that started it.
    this.#files.ensure(RECOMMENDED_MODEL.uri).then(
      () => {
        this.#state = 'idle';
      },
      // ModelFiles has logged the failure; the UI reads it from status().
      (error: unknown) => {
        this.#state = 'failed';
        this.#error = error instanceof Error ? error.message : describeCause(error);
      },
    );
    return this.status();
  }

  #snapshot(s: { needed: boolean; state: LocalSetup['state']; downloaded: number; total: number }): LocalSetup {
    return {
      needed: s.needed,
      state: s.state,
      model: RECOMMENDED_MODEL.label,
      uri: RECOMMENDED_MODEL.uri,
      downloadedBytes: s.downloaded,
      totalBytes: s.total,
      error: s.state === 'failed' ? this.#error : null,
      hint: this.#hint(s.state),
    };
  }

  #hint(state: LocalSetup['state']): string {
    const { label, license, sizeBytesApprox } = RECOMMENDED_MODEL;
    const file = this.#files.recommendedPath;
    switch (state) {
      case 'ready':
        return `${label} is ready at ${file}.`;
      case 'downloading':
        return `Downloading ${label} to ${file}; an interrupted download resumes where it stopped.`;
      case 'failed':
        return `Retry the download, or put the file at ${file} yourself (or set REDLINE_MODEL=/path/to/model.gguf), or ${OTHER_PROVIDER_OPTIONS}.`;
      case 'idle':
        return (
          `No model is configured. Download ${label} (about ${(sizeBytesApprox / GB).toFixed(1)} GB, ${license}) to run on this machine, ` +
          `or set REDLINE_MODEL=/path/to/model.gguf, or ${OTHER_PROVIDER_OPTIONS}.`
        );
    }
  }
}

function fileSize(file: string): number | null {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}
