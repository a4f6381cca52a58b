import type { ToolCall } from '../../api/types';
import { IconAlert, IconTool } from '../icons';

const LABELS: Record<string, { running: string; done: string }> = {
  calculator: { running: 'Calculating', done: 'Calculated' },
  current_time: { running: 'Checking the time', done: 'Checked the time' },
  run_javascript: { running: 'Running code', done: 'Ran code' },
  search_past_chats: { running: 'Searching past chats', done: 'Searched past chats' },
  fetch_url: { running: 'Reading the page', done: 'Read the page' },
};

/** What a call looked at, in one line: the expression, the query, the time zone. */
function gist(call: ToolCall): string | null {
  const input = call.input && typeof call.input === 'object' ? (call.input as Record<string, unknown>) : null;
  const value = input?.expression ?? input?.query ?? input?.url ?? input?.timeZone;
  return typeof value === 'string' ? value : null;
}

const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** The tools an answer used, each collapsed to one line; open one to see its input and result. */
export function ToolCalls({ calls }: { calls: ToolCall[] }) {
  if (calls.length === 0) return null;
  return (
    <div className="tool-calls" role="list" aria-label="Tools used">
      {calls.map((call) => {
        const label = LABELS[call.name] ?? { running: `Using ${call.name}`, done: `Used ${call.name}` };
        const running = call.status === 'running';
        const failed = !running && !!call.error;
        const summary = gist(call);
        const code = call.name === 'run_javascript' && call.input && typeof call.input === 'object' ? (call.input as { code?: unknown }).code : null;
        return (
          <details key={call.id} className="tool-call" role="listitem" data-status={running ? 'running' : failed ? 'error' : 'done'}>
            <summary>
              {failed ? <IconAlert /> : <IconTool />}
              <span className="tool-call-label">{running ? `${label.running}…` : failed ? `${label.done}: failed` : label.done}</span>
              {summary && <span className="tool-call-gist">{summary}</span>}
              {call.ms !== undefined && !running && <span className="tool-call-ms">{call.ms} ms</span>}
            </summary>
            <div className="tool-call-body">
              <div className="tool-call-section">Input</div>
              <pre>{typeof code === 'string' ? code : pretty(call.input)}</pre>
              {!running && (
                <>
                  <div className="tool-call-section">{failed ? 'Error' : 'Result'}</div>
                  <pre>{failed ? call.error : (call.output ?? '')}</pre>
                </>
              )}
            </div>
          </details>
        );
      })}
    </div>
  );
}
