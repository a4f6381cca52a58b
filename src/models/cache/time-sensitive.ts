// Answers to these depend on when they are asked: a stored answer would be stale or wrong.
const TIME_WORDS = new RegExp(
  [
    '\\b(today|tonight|tomorrow|yesterday|now|nowadays|currently|current|latest|recent|recently|upcoming|ago|live|news|weather|forecast|deadline)\\b',
    "\\b(this|next|last|coming|past) (week|weekend|month|year|morning|afternoon|evening|night|season|quarter|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b",
    '\\b(what|which) (time|day|date|year|month)\\b',
    '\\b(so far|as of|these days|at the moment|right now|up to date|breaking|trending)\\b',
    '\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b',
    '\\b(january|february|march|april|june|july|august|september|october|november|december)\\b',
    '\\b(1[89]|2[01])\\d{2}\\b',
    '\\b\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}\\b',
    '\\b(stock|share|exchange rate|price of|score|election|who won|who is winning)\\b',
  ].join('|'),
  'i',
);

// Possessives of the asker or the assistant: the answer depends on who asks (memory, instructions).
const PERSONAL_WORDS = /\b(my|mine|our|ours|your|yours|myself|ourselves)\b/i;

/** True when the answer to `question` depends on the date or time it is asked. */
export function isTimeSensitive(question: string): boolean {
  return TIME_WORDS.test(question);
}

/** True when the question refers to the asker or the assistant themselves. */
export function isPersonal(question: string): boolean {
  return PERSONAL_WORDS.test(question);
}
