import { echoResponder } from './responder.js';
import { mulberry32, type Random } from './rng.js';
import type { Faults, FakeUpstreamOptions, Responder } from './types.js';

/** The mutable configuration a running fake reads on every request. */
export interface ServerState {
  readonly name: string;
  readonly models: readonly string[];
  readonly apiKey: string | undefined;
  readonly embeddingDimensions: number;
  /** Answer 400 to any request that offers tools, like a server without tool calling. */
  readonly rejectTools: boolean;
  /** Unix seconds at start, reported as `created` of models. */
  readonly startedAt: number;
  faults: Faults;
  responder: Responder;
  tokenDelayMs: number;
  random: Random;
  /** Next number for response and tool-call ids. */
  nextId(): number;
}

/** Builds the state from options, with the documented defaults. */
export function createState(opts: FakeUpstreamOptions): ServerState {
  let id = 0;
  return {
    name: opts.name ?? 'fake',
    models: opts.models ?? ['fake-model', 'fake-model-2'],
    apiKey: opts.apiKey,
    embeddingDimensions: opts.embeddingDimensions ?? 64,
    rejectTools: opts.rejectTools ?? false,
    startedAt: Math.floor(Date.now() / 1000),
    faults: opts.faults ?? {},
    responder: opts.respond ?? echoResponder,
    tokenDelayMs: opts.tokenDelayMs ?? 0,
    random: createRandom(opts.seed),
    nextId: () => ++id,
  };
}

/** `Math.random`, or a seeded PRNG for reproducible faults. */
export function createRandom(seed: number | undefined): Random {
  return seed === undefined ? Math.random : mulberry32(seed);
}
