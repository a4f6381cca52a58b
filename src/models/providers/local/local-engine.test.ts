import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { getLlama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalModelUnavailableError, createLocalEngine } from './index.js';
import type { LocalEngine } from './index.js';
import { FIXTURE_MODEL, finishOf, greedy, readParts, textOf, userPrompt } from './test-helpers.js';

describe('local engine with the tiny fixture model', () => {
  let engine: LocalEngine;
  let modelsDir: string;

  beforeAll(() => {
    modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redline-local-'));
    // threads: 1 because the test runner shares two cores between workers; more threads only spin.
    engine = createLocalEngine({ modelsDir, gpu: false, contextSize: 512, maxConcurrent: 1, threads: 1 });
  });

  afterAll(async () => {
    await engine.dispose();
    fs.rmSync(modelsDir, { recursive: true, force: true });
  });

  it('streams text deltas and finishes with real usage', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const { stream } = await model.doStream(greedy(userPrompt('Tell me a story'), { maxOutputTokens: 12 }));
    const parts = await readParts(stream);

    const types = parts.map((part) => part.type);
    expect(types[0]).toBe('stream-start');
    expect(types[1]).toBe('response-metadata');
    expect(types.filter((type) => type === 'text-delta').length).toBeGreaterThan(3);
    expect(types.indexOf('text-start')).toBeLessThan(types.indexOf('text-delta'));
    expect(types.slice(-2)).toEqual(['text-end', 'finish']);

    const finish = finishOf(parts);
    // Greedy decoding of the random fixture does not hit end-of-turn within 12 tokens.
    expect(finish.finishReason).toEqual({ unified: 'length', raw: 'maxTokens' });
    expect(finish.usage.outputTokens.total).toBe(12);
    expect(finish.usage.inputTokens.total).toBeGreaterThan(3);
    expect(textOf(parts).length).toBeGreaterThan(0);
  });

  it('embeds texts with the same file: fixed dimensions, same text same vector, and a chat still works after', async () => {
    const embedder = engine.embeddingModel(FIXTURE_MODEL);
    const { embeddings, usage } = await embedder.doEmbed({ values: ['the cat sat on the mat', 'quarterly revenue grew', 'the cat sat on the mat'] });
    expect(embeddings).toHaveLength(3);
    const dims = embeddings[0].length;
    expect(dims).toBe(8); // the fixture's hidden size
    expect(embeddings.every((v) => v.length === dims && v.every(Number.isFinite))).toBe(true);
    expect(embeddings[2]).toEqual(embeddings[0]);
    expect(embeddings[1]).not.toEqual(embeddings[0]);
    expect(usage?.tokens).toBeGreaterThan(6);
    // A text longer than the context is cut to it, not refused.
    const long = await embedder.doEmbed({ values: ['word '.repeat(5000)] });
    expect(long.embeddings[0]).toHaveLength(dims);
    const { stream } = await engine.languageModel(FIXTURE_MODEL).doStream(greedy(userPrompt('Hi'), { maxOutputTokens: 3 }));
    expect(finishOf(await readParts(stream)).usage.outputTokens.total).toBe(3);
  });

  it('reports generated tokens up to maxOutputTokens when sampling', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const { stream } = await model.doStream({ prompt: userPrompt('Hi'), maxOutputTokens: 9, temperature: 0.9, topP: 0.9, topK: 20, seed: 7 });
    const parts = await readParts(stream);
    const finish = finishOf(parts);
    expect(finish.usage.outputTokens.total).toBeLessThanOrEqual(9);
    if (finish.finishReason.unified === 'length') expect(finish.usage.outputTokens.total).toBe(9);
  });

  it('doGenerate returns the same text as doStream for a greedy prompt', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const options = greedy(userPrompt('Summarize the news'));
    const streamed = textOf(await readParts((await model.doStream(options)).stream));
    const result = await model.doGenerate(options);
    expect(result.content).toEqual([{ type: 'text', text: streamed }]);
    expect(result.finishReason.unified).toBe('length');
    expect(result.usage.outputTokens.total).toBe(12);
    expect(result.response?.modelId).toBe(FIXTURE_MODEL);
  });

  it('stops promptly on abort, keeps the partial text and releases the sequence', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const controller = new AbortController();
    const { stream } = await model.doStream(greedy(userPrompt('Go on forever'), { maxOutputTokens: 400, abortSignal: controller.signal }));
    const parts: LanguageModelV3StreamPart[] = [];
    const reader = stream.getReader();
    let abortedAt = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      parts.push(next.value);
      if (next.value.type === 'text-delta' && parts.filter((part) => part.type === 'text-delta').length === 3) {
        abortedAt = Date.now();
        controller.abort();
      }
    }
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    const finish = finishOf(parts);
    expect(finish.finishReason).toEqual({ unified: 'other', raw: 'abort' });
    expect(finish.usage.outputTokens.total).toBeGreaterThanOrEqual(3);
    expect(finish.usage.outputTokens.total).toBeLessThan(400);
    expect(textOf(parts).length).toBeGreaterThan(0);
    expect(parts.at(-2)?.type).toBe('text-end');

    // With maxConcurrent 1, this only runs if the aborted generation gave its sequence back.
    const after = await model.doGenerate(greedy(userPrompt('Next')));
    expect(after.usage.outputTokens.total).toBe(12);
  });

  it('cancelling the stream stops the generation too', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const { stream } = await model.doStream(greedy(userPrompt('Long answer please'), { maxOutputTokens: 400 }));
    const reader = stream.getReader();
    for (let seen = 0; seen < 3; ) if ((await reader.read()).value?.type === 'text-delta') seen++;
    await reader.cancel();
    const after = await model.doGenerate(greedy(userPrompt('Next')));
    expect(after.finishReason.unified).toBe('length');
  });

  it('counts tokens with the model tokenizer', async () => {
    const text = 'Redline counts tokens exactly, even for naïve “quotes” and emoji 🚀.';
    const llama = await getLlama({ gpu: false, build: 'never' });
    const reference = await llama.loadModel({ modelPath: FIXTURE_MODEL });
    try {
      expect(await engine.countTokens(FIXTURE_MODEL, text)).toBe(reference.tokenize(text).length);
      expect(await engine.countTokens(FIXTURE_MODEL, '')).toBe(0);
    } finally {
      await reference.dispose();
    }
  });

  it('queues concurrent requests FIFO with maxConcurrent 1', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const events: string[] = [];
    const run = async (name: string): Promise<LanguageModelV3StreamPart[]> => {
      const { stream } = await model.doStream(greedy(userPrompt(`Request ${name}`)));
      const parts = await readParts(
        stream.pipeThrough(
          new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
            transform(part, controller) {
              if (part.type === 'text-start' || part.type === 'finish') events.push(`${name}:${part.type}`);
              controller.enqueue(part);
            },
          }),
        ),
      );
      return parts;
    };
    const [a, b] = await Promise.all([run('a'), run('b')]);
    expect(finishOf(a).usage.outputTokens.total).toBe(12);
    expect(finishOf(b).usage.outputTokens.total).toBe(12);
    expect(events).toEqual(['a:text-start', 'a:finish', 'b:text-start', 'b:finish']);
  });

  it('a queued request whose signal aborts leaves the queue', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const first = await model.doStream(greedy(userPrompt('First'), { maxOutputTokens: 40 }));
    const controller = new AbortController();
    const queued = await model.doStream(greedy(userPrompt('Queued'), { abortSignal: controller.signal }));
    controller.abort();
    const queuedParts = await readParts(queued.stream);
    expect(queuedParts.map((part) => part.type)).toEqual(['stream-start', 'finish']);
    expect(finishOf(queuedParts).finishReason).toEqual({ unified: 'other', raw: 'abort' });
    expect(finishOf(queuedParts).usage.outputTokens.total).toBe(0);
    expect(finishOf(await readParts(first.stream)).usage.outputTokens.total).toBe(40);
  });

  it('continues a trailing assistant message instead of starting a new reply', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const question = userPrompt('Continue me');
    const fresh = await readParts((await model.doStream(greedy(question, { maxOutputTokens: 10 }))).stream);
    const deltas = fresh.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : []));
    const prefix = deltas.slice(0, 4).join('');
    const rest = deltas.slice(4).join('');

    const continued = await readParts(
      (await model.doStream(greedy([...question, { role: 'assistant', content: [{ type: 'text', text: prefix }] }], { maxOutputTokens: 6 }))).stream,
    );
    // Greedy decoding over the same context tokens reproduces the rest of the first answer, prefix excluded.
    expect(textOf(continued)).toBe(rest);
    expect(finishOf(continued).usage.inputTokens.total).toBeGreaterThan(finishOf(fresh).usage.inputTokens.total!);
  });

  it('stops at a stop sequence', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const options = greedy(userPrompt('Stop somewhere'), { maxOutputTokens: 10 });
    const full = textOf(await readParts((await model.doStream(options)).stream));
    const deltas = full.length;
    const stop = full.slice(Math.floor(deltas / 2), Math.floor(deltas / 2) + 3);
    const parts = await readParts((await model.doStream({ ...options, stopSequences: [stop] })).stream);
    expect(textOf(parts)).toBe(full.slice(0, full.indexOf(stop)));
    expect(finishOf(parts).finishReason).toEqual({ unified: 'stop', raw: 'customStopTrigger' });
  });

  it('warns about tools instead of failing', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const { stream } = await model.doStream(
      greedy(userPrompt('Weather?'), {
        maxOutputTokens: 3,
        tools: [{ type: 'function', name: 'weather', inputSchema: { type: 'object', properties: {} } }],
      }),
    );
    const parts = await readParts(stream);
    const start = parts[0];
    expect(start?.type === 'stream-start' && start.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', feature: 'tools' }));
    expect(finishOf(parts).finishReason.unified).toBe('length');
  });

  it('constrains output to JSON when asked', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const result = await model.doGenerate({
      ...greedy(userPrompt('Give JSON'), { maxOutputTokens: 30 }),
      responseFormat: { type: 'json', schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    });
    const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    expect(text.trimStart().startsWith('{')).toBe(true);
  });

  it('rejects doStream when the signal is already aborted', async () => {
    const model = engine.languageModel(FIXTURE_MODEL);
    const reason = new Error('gone');
    await expect(model.doStream(greedy(userPrompt('Hi'), { abortSignal: AbortSignal.abort(reason) }))).rejects.toBe(reason);
  });

  it('rejects doStream with LocalModelUnavailableError for a missing file', async () => {
    const model = engine.languageModel(path.join(modelsDir, 'missing.gguf'));
    const error = await model.doStream(greedy(userPrompt('Hi'))).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(LocalModelUnavailableError);
    expect((error as LocalModelUnavailableError).code).toBe('local_model_unavailable');
    expect((error as Error).message).toContain('REDLINE_MODEL');
  });
});
