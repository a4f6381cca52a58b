// The style profile: a few concise rules learned from explicit feedback and edits, with no model.
// Each cue maps to one fixed rule, so the same feedback always yields the same text (and the same
// prompt prefix), a contrary cue replaces its opposite, and the list stays bounded.
import { SETTINGS_LIMITS } from './settings-store.js';

interface StyleCue {
  id: string;
  rule: string;
  /** Cues this one contradicts: their rules go when this one is learned. */
  opposites: string[];
  pattern: RegExp;
}

const CUES: StyleCue[] = [
  { id: 'shorter', rule: 'Keep answers short and to the point.', opposites: ['longer'], pattern: /\b(?:shorter|too long|too verbose|verbose|wordy|more concise|be concise|concise|briefer|briefly|in short|tl;?dr|less text)\b/i },
  { id: 'longer', rule: 'Give detailed, thorough answers.', opposites: ['shorter'], pattern: /\b(?:longer|too short|more detail(?:s|ed)?|in detail|elaborate|more depth|in depth|not enough detail)\b/i },
  { id: 'casual', rule: 'Use a relaxed, conversational tone.', opposites: ['formal'], pattern: /\b(?:too formal|less formal|more casual|more relaxed|friendlier|less stiff|too stiff)\b/i },
  { id: 'formal', rule: 'Use a formal, professional tone.', opposites: ['casual'], pattern: /\b(?:more formal|too casual|too informal|formally|more professional|unprofessional)\b/i },
  { id: 'no-emojis', rule: 'Do not use emojis.', opposites: [], pattern: /\b(?:no|without|fewer|less|too many|stop using|don't use) emoji(?:s|es)?\b/i },
  { id: 'bullets', rule: 'Use bullet points for lists of items or steps.', opposites: [], pattern: /\b(?:bullet(?:s| points?)|as a list|use a list|in a list)\b/i },
  { id: 'examples', rule: 'Include a concrete example when explaining.', opposites: [], pattern: /\b(?:an example|examples|with example|show an example|give examples)\b/i },
  { id: 'less-code', rule: 'Avoid code unless it is asked for.', opposites: [], pattern: /\b(?:less code|no code|without code|too much code)\b/i },
  { id: 'simpler', rule: 'Explain in plain language, without jargon.', opposites: ['technical'], pattern: /\b(?:simpler|too technical|plain language|plain english|eli5|less jargon|too complicated)\b/i },
  { id: 'technical', rule: 'Be technical and precise; skip the basics.', opposites: ['simpler'], pattern: /\b(?:more technical|too basic|too simple|too simplistic)\b/i },
];

const byId = new Map(CUES.map((cue) => [cue.id, cue]));

/**
 * The style cues named in a piece of feedback or an edit, in a fixed order.
 *
 * @example styleCues('Too long, and no emojis please') // ['shorter', 'no-emojis']
 */
export function styleCues(text: string): string[] {
  return CUES.filter((cue) => cue.pattern.test(text)).map((cue) => cue.id);
}

/** The rule a cue stands for (the text kept in `settings.styleRules`). */
export function styleRule(cueId: string): string | null {
  return byId.get(cueId)?.rule ?? null;
}

/**
 * The profile after learning `cues`: each cue's rule is added (moved to the end if present), rules
 * of contrary cues are removed, and the oldest rules go past SETTINGS_LIMITS.styleRules. Rules the
 * user typed themselves are kept unless they are exactly an opposite rule. Returns the same array
 * when nothing changed.
 */
export function learnStyle(rules: string[], cues: string[]): string[] {
  let next = [...rules];
  for (const id of cues) {
    const cue = byId.get(id);
    if (!cue) continue;
    const opposites = cue.opposites.map((o) => byId.get(o)?.rule).filter((r): r is string => !!r);
    // Already known and nothing contradicts it: keep the order, so the prompt prefix stays the same.
    if (next.includes(cue.rule) && !opposites.some((rule) => next.includes(rule))) continue;
    const drop = new Set([cue.rule, ...opposites]);
    next = [...next.filter((rule) => !drop.has(rule)), cue.rule];
  }
  next = next.slice(-SETTINGS_LIMITS.styleRules);
  return next.length === rules.length && next.every((rule, i) => rule === rules[i]) ? rules : next;
}

/** Cues an edited question adds to the original (the user asked again, differently: "…, briefly"). */
export function editCues(original: string, edited: string): string[] {
  const before = new Set(styleCues(original));
  return styleCues(edited).filter((id) => !before.has(id));
}
