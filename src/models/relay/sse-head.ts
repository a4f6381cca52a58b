import { APICallError, InvalidResponseDataError } from '@ai-sdk/provider';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * Reads an OpenAI chat-completions event stream until its first output: a chunk with content,
 * reasoning or a tool call, a finish reason, or `[DONE]`. Only these first few events are parsed.
 * An `error` event or an end before any output rejects, so the caller can retry or fail over.
 * Leaves the body paused, with nothing lost: every byte read is in `chunks`.
 */
export function firstOutput(body: Readable, id: string): Promise<{ chunks: Buffer[]; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let pending = '';
    const decoder = new StringDecoder('utf8');
    const done = (error: unknown, ended = false) => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      if (error) {
        body.destroy();
        reject(error);
      } else {
        resolve({ chunks, ended });
      }
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      pending += decoder.write(chunk).replace(/\r\n/g, '\n');
      for (let end = pending.indexOf('\n\n'); end !== -1; end = pending.indexOf('\n\n')) {
        const event = pending.slice(0, end);
        pending = pending.slice(end + 2);
        let verdict: 'output' | 'none';
        try {
          verdict = judge(event, id);
        } catch (error) {
          return done(error);
        }
        if (verdict === 'output') {
          body.pause();
          return done(null);
        }
      }
    };
    const onEnd = () => {
      if (pending.trim() && safeJudge(pending, id) === 'output') return done(null, true);
      done(new APICallError({ message: `The stream from ${id} ended before any output.`, url: '', requestBodyValues: {}, statusCode: undefined, isRetryable: true }));
    };
    const onError = (error: unknown) => done(error);
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
  });
}

function safeJudge(event: string, id: string): 'output' | 'none' {
  try {
    return judge(event, id);
  } catch {
    return 'none';
  }
}

/** Whether one SSE event carries output; throws for an error event or data that is not JSON. */
function judge(event: string, id: string): 'output' | 'none' {
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') return 'output';
    let chunk: { error?: unknown; choices?: { delta?: Record<string, unknown>; finish_reason?: unknown }[] };
    try {
      chunk = JSON.parse(data);
    } catch {
      throw new InvalidResponseDataError({ data: data.slice(0, 200), message: `Invalid response from ${id}: an event is not JSON.` });
    }
    if (chunk.error) {
      const message = typeof chunk.error === 'string' ? chunk.error : String((chunk.error as { message?: unknown }).message ?? 'error');
      throw new APICallError({ message: `${id} failed mid-stream: ${message}`, url: '', requestBodyValues: {}, responseBody: data, isRetryable: true });
    }
    for (const choice of chunk.choices ?? []) {
      const delta = choice.delta ?? {};
      if (choice.finish_reason != null || delta.tool_calls || nonEmpty(delta.content) || nonEmpty(delta.reasoning_content) || nonEmpty(delta.reasoning)) return 'output';
    }
  }
  return 'none';
}

const nonEmpty = (value: unknown) => typeof value === 'string' && value.length > 0;
