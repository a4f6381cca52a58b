import type { LanguageModelV3Prompt } from '@ai-sdk/provider';

/** Cheap facts about a turn, computed from text with regexes only (well under a millisecond). */
export interface TurnFeatures {
  /** Characters in the whole prompt, a proxy for context length (≈ 4 per token). */
  promptChars: number;
  /** Characters in the last user message. */
  lastUserChars: number;
  /** Code in the question: fences, stack traces, or code-like lines. */
  code: boolean;
  /** Math: equations, LaTeX, or words like "prove", "integral". */
  math: boolean;
  /** Several steps or constraints asked for at once. */
  multiStep: boolean;
  /** The user asks for careful reasoning ("step by step", "think carefully", "why"). */
  reasoningAsked: boolean;
  /** Small talk or a one-liner ("hi", "thanks", "what's the capital of France"). */
  trivial: boolean;
}

const CODE = /```|^\s{4}\S|\b(function|const|let|def|class|import|return|SELECT|FROM|#include|public static|=>|console\.log|Traceback|Exception|TypeError|stack trace|segfault|regex|compile|refactor|debug|bug)\b|[{};]\s*$/im;
const MATH = /\b(prove|proof|integral|derivative|theorem|lemma|equation|solve for|probability|matrix|eigen|limit of|sum of|modulo|prime)\b|\\(frac|int|sum|sqrt)|[=≤≥∑∫√^]\s*\d|\d\s*[+\-*/^]\s*\d+\s*[=)]/i;
const STEPS = /\b(step[- ]by[- ]step|first\b.*\bthen\b|compare|trade-?offs?|pros and cons|design|architecture|plan|analy[sz]e|evaluate|optimi[sz]e|explain why|in detail)\b|^\s*(\d+[.)]|[-*])\s+\S/im;
const REASON = /\b(think (carefully|hard|step by step)|reason(ing)? (about|through)|why does|why is|justify|rigorous)\b/i;
const TRIVIAL = /^\s*(hi|hello|hey|thanks|thank you|ok|okay|cool|great|good (morning|night|evening)|bye|yes|no)\b[\s!.?]*$/i;

/** Features of the turn the model is about to answer. */
export function turnFeatures(prompt: LanguageModelV3Prompt): TurnFeatures {
  let promptChars = 0;
  let lastUser = '';
  for (const message of prompt) {
    if (message.role === 'system') {
      promptChars += message.content.length;
      continue;
    }
    let text = '';
    for (const part of message.content) if (part.type === 'text') text += part.text;
    promptChars += text.length;
    if (message.role === 'user') lastUser = text;
  }
  return {
    promptChars,
    lastUserChars: lastUser.length,
    code: CODE.test(lastUser),
    math: MATH.test(lastUser),
    multiStep: STEPS.test(lastUser) || (lastUser.match(/\?/g)?.length ?? 0) >= 3,
    reasoningAsked: REASON.test(lastUser),
    trivial: TRIVIAL.test(lastUser) || (lastUser.length < 80 && !/\n/.test(lastUser) && !CODE.test(lastUser) && !MATH.test(lastUser) && !STEPS.test(lastUser)),
  };
}
