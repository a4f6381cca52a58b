import type { LanguageModelV3, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { withRedlineMetadata } from '../resilience/stream-utils.js';
import { chooseRoute, type Route } from './choose-route.js';
import { turnFeatures } from './turn-features.js';

/** The models behind `auto`, each already resilient; `reasoning` is optional. */
export interface RouterTargets {
  fast: { id: string; model: LanguageModelV3 };
  strong: { id: string; model: LanguageModelV3 };
  reasoning?: { id: string; model: LanguageModelV3 };
}

/**
 * The `auto` model: per call, picks the fast, strong or reasoning model from cheap features of the
 * prompt, and says which and why in the finish part's metadata (`redline.route`).
 */
export function createRouterModel(targets: RouterTargets, options: { onRoute?: (e: { route: Route; model: string; reason: string }) => void } = {}): LanguageModelV3 {
  const pick = (prompt: Parameters<LanguageModelV3['doStream']>[0]['prompt']) => {
    const { route, reason } = chooseRoute(turnFeatures(prompt), { reasoning: Boolean(targets.reasoning) });
    const target = targets[route] ?? targets.strong;
    options.onRoute?.({ route, model: target.id, reason });
    return { route, reason, target };
  };
  return {
    specificationVersion: 'v3',
    provider: 'redline.router',
    modelId: 'auto',
    supportedUrls: {},
    async doGenerate(callOptions) {
      const { route, reason, target } = pick(callOptions.prompt);
      const result = await target.model.doGenerate(callOptions);
      return { ...result, providerMetadata: withRedlineMetadata(result.providerMetadata, { route: { name: route, model: target.id, reason } }) };
    },
    async doStream(callOptions) {
      const { route, reason, target } = pick(callOptions.prompt);
      const result = await target.model.doStream(callOptions);
      const stream = result.stream.pipeThrough(
        new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
          transform(part, controller) {
            controller.enqueue(part.type === 'finish' ? { ...part, providerMetadata: withRedlineMetadata(part.providerMetadata, { route: { name: route, model: target.id, reason } }) } : part);
          },
        }),
      );
      return { ...result, stream };
    },
  };
}
