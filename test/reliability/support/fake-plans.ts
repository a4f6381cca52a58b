import { lastUserText } from '../../fake-upstream/messages.js';
import { mulberry32, planFaults, type ChatRequest, type FakeUpstream, type FaultPlan, type Faults } from '../../fake-upstream/index.js';

/** The chat requests a fake received, oldest first (its request log, which holds the last 1,000). */
export function chatRequests(fake: FakeUpstream) {
  return fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions');
}

/**
 * What a seeded fake decided for each chat request it received, with that request's user text: the
 * fake draws the same count of random numbers per chat request, so replaying its PRNG in arrival
 * order gives each request's fate exactly. Valid while the faults stayed the same since the start.
 */
export function replayFaultPlans(fake: FakeUpstream, options: { seed: number; faults: Faults }): { prompt: string; plan: FaultPlan }[] {
  const random = mulberry32(options.seed);
  return chatRequests(fake).map((request) => ({
    prompt: lastUserText(request.body as ChatRequest),
    plan: planFaults({ faults: options.faults, tokenDelayMs: 0, random }),
  }));
}
