import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState, ResilienceEvents } from '../models/index.js';

const breakerValue: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Splits "provider:model" for labels; the model name keeps any colons (Ollama tags). */
function labels(id: string): { provider: string; model: string } {
  const colon = id.indexOf(':');
  return colon > 0 ? { provider: id.slice(0, colon), model: id.slice(colon + 1) } : { provider: id, model: '' };
}

/** Prometheus metrics for Redline, fed by the resilience layer's events and the HTTP edge. */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'redline_model_requests_total', help: 'Model calls by provider, model and outcome.', labelNames: ['provider', 'model', 'outcome'], registers: [this.registry] });
  private readonly ttft = new Histogram({
    name: 'redline_model_time_to_first_token_seconds',
    help: 'Time from calling a model to its first output.',
    labelNames: ['provider', 'model'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'redline_model_duration_seconds',
    help: 'Total time of a model call.',
    labelNames: ['provider', 'model', 'outcome'],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  private readonly retries = new Counter({ name: 'redline_model_retries_total', help: 'Retries of a failed model call.', labelNames: ['provider', 'model'], registers: [this.registry] });
  private readonly failovers = new Counter({ name: 'redline_model_failovers_total', help: 'Calls moved to the next model of a fallback chain.', labelNames: ['from', 'to'], registers: [this.registry] });
  private readonly hedges = new Counter({ name: 'redline_model_hedges_total', help: 'Hedged requests started because the first token was late.', labelNames: ['primary', 'hedge'], registers: [this.registry] });
  private readonly hedgeWins = new Counter({ name: 'redline_model_hedge_wins_total', help: 'Which side won a hedged race.', labelNames: ['winner'], registers: [this.registry] });
  private readonly continuations = new Counter({ name: 'redline_model_continuations_total', help: 'Broken streams continued from their partial text.', labelNames: ['from', 'to'], registers: [this.registry] });
  private readonly breaker = new Gauge({ name: 'redline_circuit_breaker_state', help: 'Circuit breaker state per provider:model (0 closed, 1 half-open, 2 open).', labelNames: ['key'], registers: [this.registry] });
  private readonly routes = new Counter({ name: 'redline_router_routes_total', help: 'Turns the auto model sent to each route.', labelNames: ['route', 'model'], registers: [this.registry] });
  private readonly feedback = new Counter({ name: 'redline_feedback_total', help: 'Thumbs up and down on answers, by the auto route that made them (none when picked by the user).', labelNames: ['route', 'rating'], registers: [this.registry] });
  private readonly cache = new Counter({ name: 'redline_cache_requests_total', help: 'Response cache lookups by kind (exact, semantic) and outcome (hit, miss, bypass).', labelNames: ['kind', 'outcome'], registers: [this.registry] });
  private readonly cacheCounts = new Map<string, { hits: number; lookups: number }>();
  private readonly cacheHitRatio = new Gauge({ name: 'redline_cache_hit_ratio', help: 'Hits over hits plus misses since start, per cache kind (bypasses excluded).', labelNames: ['kind'], registers: [this.registry] });
  private readonly http = new Counter({ name: 'redline_http_requests_total', help: 'HTTP requests by surface and status.', labelNames: ['surface', 'status'], registers: [this.registry] });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    // Node's own metrics include event-loop lag, heap and RSS.
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'redline_' });
  }

  /** Event handlers to pass to the resilience layer. */
  readonly resilienceEvents: ResilienceEvents = {
    onRetry: (e) => this.retries.inc(labels(e.id)),
    onFailover: (e) => this.failovers.inc({ from: e.from, to: e.to }),
    onHedge: (e) => this.hedges.inc({ primary: e.primary, hedge: e.hedge }),
    onHedgeWin: (e) => this.hedgeWins.inc({ winner: e.winner }),
    onContinuation: (e) => this.continuations.inc({ from: e.from, to: e.to }),
    onBreakerStateChange: (e) => this.breaker.set({ key: e.key }, breakerValue[e.to]),
    onFirstToken: (e) => this.ttft.observe(labels(e.id), e.ms / 1000),
    onOutcome: (e) => {
      const l = labels(e.id);
      this.requests.inc({ ...l, outcome: e.outcome });
      this.duration.observe({ ...l, outcome: e.outcome }, e.ms / 1000);
    },
  };

  /** Counts one routing decision of the `auto` model. */
  routed(e: { route: string; model: string }): void {
    this.routes.inc({ route: e.route, model: e.model });
  }

  /** Counts a rating, per route, so a route that users dislike shows up. */
  rated(route: string | null, rating: 'up' | 'down'): void {
    this.feedback.inc({ route: route ?? 'none', rating });
  }

  /** Event handlers to pass to the response cache. */
  readonly cacheEvents = {
    onCache: (e: { kind: string; outcome: 'hit' | 'miss' | 'bypass' }) => {
      this.cache.inc({ kind: e.kind, outcome: e.outcome });
      if (e.outcome === 'bypass') return;
      const counts = this.cacheCounts.get(e.kind) ?? { hits: 0, lookups: 0 };
      counts.lookups++;
      if (e.outcome === 'hit') counts.hits++;
      this.cacheCounts.set(e.kind, counts);
      this.cacheHitRatio.set({ kind: e.kind }, counts.hits / counts.lookups);
    },
  };

  /** Counts one HTTP response. */
  httpRequest(surface: 'v1' | 'api' | 'ui' | 'other', status: number): void {
    this.http.inc({ surface, status: String(status) });
  }

  /** The Prometheus text exposition. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
