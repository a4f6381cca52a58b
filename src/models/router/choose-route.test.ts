import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { chooseRoute, type Route } from './choose-route.js';
import { turnFeatures } from './turn-features.js';

const ask = (text: string, history: string[] = []): LanguageModelV3Prompt => [
  { role: 'system', content: 'You are Redline.' },
  ...history.map((h, i) => (i % 2 === 0 ? { role: 'user' as const, content: [{ type: 'text' as const, text: h }] } : { role: 'assistant' as const, content: [{ type: 'text' as const, text: h }] })),
  { role: 'user', content: [{ type: 'text', text }] },
];

/** A labelled set: what a person would send, and the route a careful operator would pick. */
const labelled: [string, Route][] = [
  ['hi', 'fast'],
  ['thanks!', 'fast'],
  ['What is the capital of Australia?', 'fast'],
  ['Translate "good morning" to Spanish', 'fast'],
  ['Give me a synonym for happy', 'fast'],
  ['Who wrote Pride and Prejudice?', 'fast'],
  ['How many ounces in a pound?', 'fast'],
  ['Suggest a name for a grey cat', 'fast'],
  ['What time zone is Tokyo in?', 'fast'],
  ['Tell me a joke about penguins', 'fast'],
  ['ok', 'fast'],
  ['Is tomato a fruit?', 'fast'],
  ['Write a TypeScript function that debounces another function, with tests.', 'strong'],
  ['Why does this throw?\n```js\nconst a = null;\na.foo();\n```', 'strong'],
  ['Traceback (most recent call last):\n  File "x.py", line 3\nTypeError: unsupported operand', 'strong'],
  ['Refactor this class to use dependency injection', 'strong'],
  ['Write a SQL query: SELECT the top 5 customers by revenue FROM orders', 'strong'],
  ['Compare PostgreSQL and MySQL for a multi-tenant SaaS: trade-offs in replication, JSON support and extensions.', 'strong'],
  ['Plan a migration of our monolith to services, step by step, with risks for each phase.', 'strong'],
  ['1. Summarize the article\n2. List its three main claims\n3. Rate each claim', 'strong'],
  ['Design the architecture of a URL shortener that handles 10k writes per second', 'strong'],
  ['Analyze the pros and cons of remote work for a 20-person startup in detail', 'strong'],
  ['Prove that the square root of 2 is irrational.', 'strong'],
  ['Solve for x: 3x + 7 = 22', 'strong'],
  ['What is the integral of x^2 sin(x)?', 'strong'],
  ['Think carefully: if all bloops are razzies and some razzies are lazzies, are some bloops lazzies?', 'strong'],
  ['What is the probability of two sixes in a row with a fair die?', 'strong'],
  ['Explain why the sky is blue in detail, with the physics.', 'strong'],
];

describe('chooseRoute', () => {
  it('routes a labelled set of turns as a careful operator would (≥ 90%)', () => {
    const wrong = labelled.filter(([text, expected]) => chooseRoute(turnFeatures(ask(text)), { reasoning: false }).route !== expected);
    expect(wrong, `misrouted: ${wrong.map(([t]) => JSON.stringify(t.slice(0, 40))).join(', ')}`).toHaveLength(0);
  });

  it('sends math and requested reasoning to the reasoning model when there is one', () => {
    expect(chooseRoute(turnFeatures(ask('Prove that there are infinitely many primes.')), { reasoning: true })).toEqual({ route: 'reasoning', reason: 'math' });
    expect(chooseRoute(turnFeatures(ask('hello')), { reasoning: true }).route).toBe('fast');
    expect(chooseRoute(turnFeatures(ask('Write a Python class for a stack')), { reasoning: true }).route).toBe('strong');
  });

  it('takes the strong model for a long conversation even when the last turn is short', () => {
    const history = Array.from({ length: 12 }, (_, i) => `${'context '.repeat(300)} ${i}`);
    const decision = chooseRoute(turnFeatures(ask('and then?', history)), { reasoning: false });
    expect(decision).toEqual({ route: 'strong', reason: 'long context' });
  });

  it('explains every choice', () => {
    for (const [text] of labelled) expect(chooseRoute(turnFeatures(ask(text)), { reasoning: false }).reason.length).toBeGreaterThan(2);
  });
});
