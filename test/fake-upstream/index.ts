// The fake OpenAI-compatible upstream: the one test double of the project, at the network boundary.
export { startFakeUpstream, startFakeUpstreams } from './server.js';
export { echoResponder, loremWords, MARKDOWN_SAMPLE } from './responder.js';
export { tokenize, countTokens } from './tokenizer.js';
export { parseDirectives, type Directives } from './directives.js';
export { planFaults, sampleLatency, type FaultPlan } from './faults.js';
export { embed, cosine } from './embeddings.js';
export { mulberry32 } from './rng.js';
export type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  FakeUpstream,
  FakeUpstreamOptions,
  FakeUpstreamStats,
  Faults,
  Latency,
  Outcome,
  RecordedRequest,
  Responder,
  ResponderContext,
  ResponderResult,
  ToolCallAnswer,
} from './types.js';
