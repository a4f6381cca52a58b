// The deterministic side of consolidation: what a memory is about ("where the user lives") and what
// it says about it ("Lisbon"), for the single-valued attributes where a new value replaces the old one.
import { normalizeForCompare } from './text-match.js';

/** A memory read as attribute = value. `negated` for "no longer …". */
export interface FactSubject {
  key: string;
  value: string;
  negated: boolean;
}

/** Attributes that hold one value at a time, by the verb phrase that states them. */
const PREDICATES: { key: string; pattern: RegExp }[] = [
  { key: 'occupation', pattern: /^(?:works?|working|is working|is employed|has been working) as (?:an? )?(.+)$/ },
  { key: 'residence', pattern: /^(?:lives?|living|is living|has lived|moved|has moved|relocated|has relocated|is based|resides?|is residing) (?:in|to|at|near) (?:the city of )?(.+)$/ },
  { key: 'employer', pattern: /^(?:works?|working|is working|has been working|is employed|started working|is now working) (?:at|for|by) (.+)$/ },
  { key: 'employer', pattern: /^(?:joined|has joined|started a new job at|got a job at) (.+)$/ },
  { key: 'school', pattern: /^(?:studies|study|studying|is studying|is enrolled|goes to school|attends) (?:at|in) (.+)$/ },
  { key: 'studies', pattern: /^(?:studies|study|is studying|majors?|is majoring) (?:in )?(.+)$/ },
  { key: 'birthplace', pattern: /^(?:was born|grew up) in (.+)$/ },
  { key: 'birthday', pattern: /^(?:was born on|birthday is|celebrates (?:their|a) birthday on) (.+)$/ },
  { key: 'age', pattern: /^is (\d{1,3})(?: years old| yo| years)?$/ },
  { key: 'name', pattern: /^(?:is named|is called|goes by|prefers to be called|wants to be called|name is) (.+)$/ },
  { key: 'partner', pattern: /^(?:is married to|is dating|is engaged to|is in a relationship with) (.+)$/ },
  { key: 'car', pattern: /^(?:drives|owns a car,?) (?:an? )?(.+)$/ },
  { key: 'diet', pattern: /^is (?:an? )?(vegetarian|vegan|pescatarian|carnivore|keto|omnivore)$/ },
  { key: 'native-language', pattern: /^(?:speaks (.+) natively|is a native (.+) speaker|native language is (.+))$/ },
];

const LEADING_ADVERBS = /^(?:(?:now|currently|still|recently|just|actually|also|finally|officially)\s+)+/;
const NEGATION = /^(?:no longer|doesn't|does not|is no longer|isn't|is not|stopped|quit)\s+/;
const TRAILING = /\s+(?:anymore|any more|now|these days|nowadays|currently)$/;

/**
 * Reads "User lives in Lisbon" as { key: 'residence', value: 'lisbon' } and "User's favorite color is
 * blue" as { key: "favorite color", value: 'blue' }; null when the memory is not of a known shape.
 */
export function factSubject(content: string): FactSubject | null {
  let text = content.toLowerCase().replace(/’/g, "'").replace(/[.!]+$/, '').replace(/\s+/g, ' ').trim();
  // Possessive attributes: "user's favorite color is blue", "the user's sister's name is ana".
  const possessive = /^(?:the )?user's (.+?) (?:is|are|was|has become|became) (?:now |currently |still )?(?:called |named )?(.+)$/.exec(text);
  if (possessive) {
    const [, attribute, value] = possessive;
    const negated = /^(?:no longer|not) /.test(value);
    return { key: `of:${normalizeForCompare(attribute)}`, value: normalizeForCompare(value.replace(/^(?:no longer|not) /, '').replace(TRAILING, '')), negated };
  }
  const subject = /^(?:the )?user /.exec(text);
  if (!subject) return null;
  text = text.slice(subject[0].length).replace(LEADING_ADVERBS, '');
  let negated = false;
  const negation = NEGATION.exec(text);
  if (negation) {
    negated = true;
    // "is no longer vegetarian" keeps its verb: the predicates read "is vegetarian".
    const keepsIs = /^(?:is no longer|isn't|is not)\s/.test(negation[0]);
    text = `${keepsIs ? 'is ' : ''}${text.slice(negation[0].length).replace(LEADING_ADVERBS, '')}`;
    // "doesn't live in" → "live in"; "stopped working at" → "working at".
  }
  text = text.replace(TRAILING, '');
  for (const { key, pattern } of PREDICATES) {
    const match = pattern.exec(text);
    if (!match) continue;
    const value = match.slice(1).find((group) => group !== undefined) ?? '';
    return { key, value: normalizeForCompare(value), negated };
  }
  return null;
}

/** Other ways of saying a key, added to the search for candidates so "moved to" finds "lives in". */
const KEY_WORDS: Record<string, string> = {
  occupation: 'works as job',
  residence: 'lives live living moved based resides',
  employer: 'works work employed joined job',
  school: 'studies studying attends school',
  studies: 'studies studying majors',
  birthplace: 'born grew',
  birthday: 'born birthday',
  age: 'years old age',
  name: 'named called name',
  partner: 'married dating engaged relationship',
  car: 'drives car',
  diet: 'vegetarian vegan pescatarian diet',
  'native-language': 'native speaks language',
};

/** Words to widen a candidate search for a memory about `key` (empty for possessive keys). */
export function keyWords(key: string): string {
  return KEY_WORDS[key] ?? '';
}

/** Two values name the same thing: equal, or one is the other with more words ("acme" / "acme corp"). */
export function sameValue(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b} `) || b.startsWith(`${a} `);
}
