// "remember that …", "forget …", "what do you know about me?": recognized without a model, so they
// work with any model or none. Only a message that is the command as a whole is one; a command inside
// a longer message is left to the model (and to extraction).
import { toSecondPerson, toThirdPerson } from './rephrase.js';
import type { MemoryKind } from './types.js';

export type MemoryCommand =
  /** `content` is the memory as stored (third person); `echo` is the statement for the reply (second person). */
  | { type: 'remember'; statement: string; content: string; echo: string; kind: MemoryKind }
  /** `target` is what to forget, in the user's words; `explicit` when the user named memory itself. */
  | { type: 'forget'; target: string; explicit: boolean }
  | { type: 'forget-all' }
  /** `topic` narrows the list ("what do you know about my job?"); null lists everything. */
  | { type: 'list'; topic: string | null };

const MAX_COMMAND_CHARS = 500;

/** Greetings and politeness before the verb. */
const LEAD = /^(?:(?:hey|hi|hello|ok|okay|so|and|also|btw|by the way|redline|oh)\b[,!]?\s+)*(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?/i;
const REMEMBER = /^(?:remember|memori[sz]e|keep in mind|don't forget|do not forget|make a note|note down|save (?:this )?(?:to|in) (?:your )?memory|add (?:this )?to (?:your )?memory)\b(?:\s*(?:that|this)\b)?\s*[:,-]?\s*(.+)$/is;
const FORGET_ALL = /^(?:forget|erase|delete|clear|wipe|reset)\s+(?:all|everything|(?:all\s+)?(?:of\s+)?(?:your|my|the)\s+(?:whole\s+|entire\s+)?memor(?:y|ies)|everything\s+you\s+(?:know|remember))(?:\s+(?:you\s+(?:know|have|remember)\s+)?about\s+me)?\s*[.!]*$/i;
const FORGET = /^(?:forget|stop remembering|unlearn|(?:delete|erase|remove|drop)\s+(?:the\s+|your\s+|any\s+|all\s+)?memor(?:y|ies))\b\s*(?:(?:about|of|that|the fact that|everything about|what i (?:said|told you) about|all about)\b\s*)?[:,-]?\s*(.+)$/is;
const LIST = [
  /^(?:what|which\s+things?)\s+(?:do|did|have)\s+you\s+(?:know|remember(?:ed)?|learn(?:ed|t)|saved?|stored?|memori[sz]ed)\s+(?:about|of|on)\s+(me|myself|my\s+.+?)\s*[?.!]*$/i,
  /^what(?:'s|\s+is|\s+are)\s+(?:in\s+)?your\s+memor(?:y|ies)(?:\s+(?:of|about)\s+(me|my\s+.+?))?\s*[?.!]*$/i,
  /^(?:show|list|display|tell)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:my|your|the)\s+(?:saved\s+)?memories(?:\s+(?:of|about)\s+(me|my\s+.+?))?\s*[?.!]*$/i,
  /^what\s+do\s+you\s+remember\s*[?.!]*$/i,
];
/** "forget it", "forget what I just said": conversation, not memory. */
const CONVERSATIONAL_TARGET = /^(?:it|this|that|about it|about that|all that|everything i just said|what i (?:just )?said|my (?:last|previous) (?:message|question)|the (?:previous|last|above)\b.*|(?:previous|prior|earlier|above|all)\s+(?:instructions?|messages?)\b.*|instructions?\b.*)[.!]*$/i;
const QUESTION_START = /^(?:when|what|how|who|where|why|if|whether|our|us)\b/i;

/**
 * Parses a user message that is an explicit memory command, or returns null.
 *
 * @example parseMemoryCommand('Remember that I live in Lisbon')
 * // { type: 'remember', statement: 'I live in Lisbon', content: 'User lives in Lisbon', echo: 'you live in Lisbon', kind: 'fact' }
 */
export function parseMemoryCommand(message: string): MemoryCommand | null {
  const text = message.replace(/\s+/g, ' ').replace(/’/g, "'").trim();
  if (!text || text.length > MAX_COMMAND_CHARS) return null;
  const body = text.replace(LEAD, '');

  for (const pattern of LIST) {
    const match = pattern.exec(body);
    if (match) {
      const about = match[1]?.trim() ?? null;
      return { type: 'list', topic: about && /^my\s/i.test(about) ? about.replace(/^my\s+/i, '') : null };
    }
  }
  if (FORGET_ALL.test(body)) return { type: 'forget-all' };

  const forget = FORGET.exec(body);
  if (forget) {
    const target = stripEnd(forget[1]);
    if (!target || CONVERSATIONAL_TARGET.test(target) || text.endsWith('?')) return null;
    return { type: 'forget', target, explicit: /\b(?:memor(?:y|ies)|remembering|you know|you remember)\b/i.test(body) };
  }

  const remember = REMEMBER.exec(body);
  if (remember) {
    const statement = stripEnd(remember[1]);
    if (!statement || text.includes('?') || QUESTION_START.test(statement)) return null;
    return rememberCommand(statement);
  }
  return null;
}

function rememberCommand(statement: string): MemoryCommand {
  // "remember to answer in French": an instruction to Redline, kept as a preference.
  const instruction = /^to\s+(.+)$/i.exec(statement);
  if (instruction) {
    const what = instruction[1];
    const forMemory = what.replace(/\bme\b/gi, 'the user').replace(/\bmy\b/gi, "the user's");
    return { type: 'remember', statement, content: `User wants Redline to ${forMemory}`, echo: `to ${toSecondPerson(what)}`, kind: 'preference' };
  }
  const content = toThirdPerson(statement);
  return { type: 'remember', statement, content, echo: toSecondPerson(statement), kind: classifyMemory(content) };
}

const stripEnd = (text: string | undefined) => (text ?? '').trim().replace(/[\s.!]+$/, '');

const PREFERENCE = /\b(?:prefers?|likes?|loves?|enjoys?|hates?|dislikes?|can't stand|favou?rite|fan of|wants? (?:redline|answers|replies|responses)|answers?|responses?|replies|reply|respond|tone|format)\b/i;
const GOAL = /\b(?:wants? to|plans? to|planning|goal|hopes? to|hoping to|trying to|is learning|is training|aims? to|dreams? of|saving (?:up )?for|intends? to)\b/i;
const RELATIONSHIP = /\b(?:wife|husband|partner|spouse|girlfriend|boyfriend|fianc[ée]e?|sister|brother|sibling|mother|mom|mum|father|dad|parents?|son|daughter|child|children|kids?|friend|boss|manager|colleague|coworker|co-worker|cousin|aunt|uncle|grandmother|grandfather|grandma|grandpa|nephew|niece|roommate|neighbou?r)\b/i;

/** A memory's kind from its wording, for commands and proposals that do not say. */
export function classifyMemory(content: string): MemoryKind {
  if (GOAL.test(content)) return 'goal';
  if (RELATIONSHIP.test(content)) return 'relationship';
  if (PREFERENCE.test(content)) return 'preference';
  return 'fact';
}
