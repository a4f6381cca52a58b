// Lexical matching shared by search, forget and consolidation. The database's 'simple' text-search
// configuration has no stop words and no stemming, so query terms are chosen and stemmed here.

/** Words that carry no topic: dropped from queries (memories all say "User …", so it is one too). */
const STOPWORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below between both but by
  can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't
  have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't
  it it's its itself just let's me more most mustn't my myself no nor not now of off on once only or other ought our ours ourselves out
  over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then there
  there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've
  were weren't what what's when when's where where's which while who who's whom why why's will with won't would wouldn't you you'd you'll
  you're you've your yours yourself yourselves s t d ll re ve m
  user user's redline please tell know remember forget recall anything everything something thing things really currently still actually
  again ever yet already said say says told ask asked get got`
    .split(/\s+/)
    .filter(Boolean),
);

/** Lower-case words (letters and digits), in order. */
export function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The topic words of a text: no stop words, no one-letter words. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w) && (w.length > 1 || /\d/.test(w)));
}

/**
 * A light English stem for prefix matching: "lives", "living", "lived" → "liv"; "cities" → "cit".
 * Used with `term:*`, so an over-short stem only widens the match.
 */
export function stem(word: string): string {
  let cached = stems.get(word);
  if (cached === undefined) {
    // Re-ranking stems every word of every candidate on every turn: the vocabulary is small, the texts are not.
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    cached = stemUncached(word);
    stems.set(word, cached);
  }
  return cached;
}

const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 50_000;

function stemUncached(word: string): string {
  if (/\d/.test(word) || word.length <= 3) return word;
  let base = word;
  for (const suffix of ['ies', 'ing', 'ed', 'es', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      base = word.slice(0, -suffix.length);
      break;
    }
  }
  // "study" → "stud" (matches "studies"), "live" → "liv" (matches "living"); "studying" → "study" → "stud".
  if (/[^aeiou][ye]$/.test(base) && (base === word || base.length > 3)) return base.slice(0, -1);
  return base;
}

/** Stems of the topic words, without repeats. */
export function contentStems(text: string): string[] {
  return [...new Set(contentWords(text).map(stem))];
}

/**
 * Everyday topics people ask about in other words than they stated them ("what do I do for a living?"
 * for "User works as a nurse"). Full-text search has no synonyms, so a query word also looks for the
 * other words of its group; a match through a group counts less than the word itself (see termScore).
 * Vectors, when an embedding model is configured, cover what this small list cannot.
 */
const RELATED_WORDS = [
  'job jobs occupation profession career',
  'work works working worked employer employed employs employment company firm colleague office hired joined',
  'live lives living lived home hometown city town based reside resides resident moved relocated address neighborhood neighbourhood place',
  'spouse wife husband partner married marriage',
  'kid kids child children son daughter',
  'parent parents mother mom mum father dad',
  'sibling siblings sister brother',
  'pet pets dog dogs cat cats puppy kitten',
  'diet dietary vegetarian vegan pescatarian meat',
  'food cuisine cuisines dish dishes restaurant restaurants eat eating meal',
  'allergy allergies allergic intolerant intolerance react',
  'language languages foreign fluent speak speaks',
  'learn learns learning learnt study studies studying lessons course',
  'race races marathon triathlon ironman ultra training event',
  'instrument instruments musical music play plays playing',
  'team teams support supports fan root sports club',
  'birthday born birth',
  'university school college degree graduated graduate studied alma',
  'car cars vehicle drive drives driving',
  'hobby hobbies enjoy enjoys fun pastime',
  'health doctor medication medicine condition',
  'phone smartphone laptop computer',
  'trip travel travelling traveling flying flight vacation holiday',
  'book books novel novels reading',
  'hurt injured injury sprained',
];

/**
 * Closed sets whose members stand for the word: naming a language is how people say they learn "a
 * language". Scored only: each prefix term costs a scan of every row in the database, and the
 * texts that name a member usually also say "learning" or "speaks", which are searched.
 */
const MEMBERS: Record<string, string> = {
  language:
    'english spanish french german italian portuguese dutch polish russian ukrainian greek turkish arabic hebrew persian hindi urdu bengali mandarin chinese cantonese japanese korean vietnamese thai indonesian malay tagalog swahili amharic swedish norwegian danish finnish icelandic czech hungarian romanian',
};

/**
 * Phrases that name a topic with words that do not ("works as" is a job, "works at" an employer):
 * rewritten in queries and in the texts they are scored against. The words a phrase came from are
 * still searched, or the database would not find the texts that say it.
 */
const PHRASES: { pattern: RegExp; topic: string; searched: string }[] = [
  { pattern: /\b(?:for a living|job title)\b/g, topic: 'job', searched: 'work' },
  { pattern: /\bwork(?:s|ing|ed)? as\b/g, topic: 'job', searched: 'work' },
  { pattern: /\bgrew up\b/g, topic: 'born', searched: 'grew' },
];

const withPhrases = (text: string) => PHRASES.reduce((out, { pattern, topic }) => out.replace(pattern, ` ${topic} `), text.normalize('NFKC').toLowerCase());

/** British and American spellings meet in one stem. */
const SPELLINGS: Record<string, string> = { favourite: 'favorite', colour: 'color', neighbour: 'neighbor', flavour: 'flavor', honour: 'honor', behaviour: 'behavior', organise: 'organize', travelling: 'traveling' };

/** A query term: a stem, matched as a prefix, or exactly (with a plural) for words of three letters or fewer. */
export interface Term {
  stem: string;
  exact: boolean;
}

/** One query word with the other ways of saying it: its own term first, then spellings and related words. */
export interface Concept {
  word: string;
  terms: Term[];
  /** How many terms at the front are the word itself (and its spelling variant), not related words. */
  own: number;
  /** Searched in the database but not scored: the words of a phrase that rewrites to one of the terms. */
  searched: Term[];
  /** Scored as related words but not searched: members of a closed set the word names (see MEMBERS). */
  members: Term[];
  /** What a text is scored on: `terms`, then `members`. */
  scored: Term[];
}

const toTerm = (word: string): Term => ({ stem: stem(word), exact: word.length <= 3 && !/\d/.test(word) });
const termKey = (t: Term) => `${t.stem}${t.exact ? '' : ':*'}`;

const relatedIndex = (() => {
  const index = new Map<string, Term[]>();
  for (const group of RELATED_WORDS) {
    const terms = group.split(' ').map(toTerm);
    for (const word of group.split(' ')) index.set(word, terms);
  }
  return index;
})();

/**
 * The topic words of a query as concepts, with repeats and phrases folded. Read-only: a turn asks for
 * the same query's concepts several times (both searches, both re-rankings), so the last few are kept.
 */
export function queryConcepts(text: string): readonly Concept[] {
  let concepts = recentConcepts.get(text);
  if (concepts === undefined) {
    if (recentConcepts.size >= MAX_RECENT_QUERIES) recentConcepts.delete(recentConcepts.keys().next().value!);
    concepts = conceptsOf(text);
    recentConcepts.set(text, concepts);
  }
  return concepts;
}

const recentConcepts = new Map<string, readonly Concept[]>();
const MAX_RECENT_QUERIES = 64;

function conceptsOf(text: string): Concept[] {
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  for (const word of contentWords(withPhrases(text))) {
    const own = [toTerm(word)];
    const variant = SPELLINGS[word] ?? Object.entries(SPELLINGS).find(([, american]) => american === word)?.[0];
    if (variant) own.push(toTerm(variant));
    const key = termKey(own[0]);
    if (seen.has(key)) continue;
    seen.add(key);
    const related = (relatedIndex.get(word) ?? relatedIndex.get(variant ?? '') ?? []).filter((t) => !own.some((o) => o.stem === t.stem));
    const terms = [...own, ...dedupe(related)];
    const searched = PHRASES.filter((p) => terms.some((t) => t.stem === stem(p.topic))).map((p) => toTerm(p.searched));
    const members = terms.flatMap((t) => Object.entries(MEMBERS).filter(([name]) => stem(name) === t.stem)).flatMap(([, list]) => list.split(' ').map(toTerm));
    const scoredMembers = dedupe(members);
    concepts.push({ word, terms, own: own.length, searched: dedupe(searched), members: scoredMembers, scored: [...terms, ...scoredMembers] });
  }
  return concepts;
}

/** Without repeats; an exact term goes when the same stem is also matched by prefix. */
function dedupe(terms: Term[]): Term[] {
  const byKey = new Map(terms.map((t) => [termKey(t), t]));
  return [...byKey.values()].filter((t) => !t.exact || !byKey.has(`${t.stem}:*`));
}

/**
 * True when a text word is the term: exact with an optional plural, or by prefix either way between
 * stems ("studying" → "study" meets "studies" → "stud").
 */
export function termMatches(term: Term, word: string, wordStem = stem(word)): boolean {
  if (term.exact) return word === term.stem || word === `${term.stem}s` || word === `${term.stem}es`;
  if (word.startsWith(term.stem)) return true;
  return wordStem.length >= 3 && term.stem.startsWith(wordStem);
}

type Token = { word: string; stem: string };

/**
 * A text's words with their stems, computed once per text: re-ranking reads the same memories on
 * every turn (hundreds of candidates for a heavy user), and splitting them again was most of a turn's
 * retrieval time. A pure function of the text, so sharing the cache between users shows nothing.
 */
function tokens(text: string): Token[] {
  let cached = tokenCache.get(text);
  if (cached === undefined) {
    if (tokenCache.size >= MAX_CACHED_TEXTS) tokenCache.clear();
    cached = words(withPhrases(text)).map((word) => ({ word, stem: stem(word) }));
    tokenCache.set(text, cached);
  }
  return cached;
}

const tokenCache = new Map<string, Token[]>();
const MAX_CACHED_TEXTS = 5_000;
const anyMatch = (terms: Term[], textTokens: Token[]) => terms.findIndex((term) => textTokens.some((t) => termMatches(term, t.word, t.stem)));

/** The weight of a match through a related word, against 1 for the query's own word. */
const RELATED_WEIGHT = 0.5;

/**
 * How well a text answers the query's concepts: each concept adds 1 when its own word is in the text,
 * RELATED_WEIGHT when only a related word is. Texts are compared by their words, not their stems.
 */
export function termScore(concepts: readonly Concept[], text: string): number {
  const textTokens = tokens(text);
  let score = 0;
  for (const concept of concepts) {
    const at = anyMatch(concept.scored, textTokens);
    if (at >= 0) score += at < concept.own ? 1 : RELATED_WEIGHT;
  }
  return score;
}

/**
 * `termScore` for many texts against one query: each distinct word is matched against the query's
 * terms once, not once per text it appears in. A turn re-ranks up to 300 memories that share most of
 * their words ("User's favourite …"), which made term matching most of its memory search.
 */
export function termScorer(concepts: readonly Concept[]): (text: string) => number {
  // Per word: for each concept, 1 (its own word), RELATED_WEIGHT (a related word) or 0.
  const levels = new Map<string, number[]>();
  const levelsOf = (token: Token): number[] => {
    let found = levels.get(token.word);
    if (found === undefined) {
      found = concepts.map((concept) => {
        const at = concept.scored.findIndex((term) => termMatches(term, token.word, token.stem));
        return at < 0 ? 0 : at < concept.own ? 1 : RELATED_WEIGHT;
      });
      levels.set(token.word, found);
    }
    return found;
  };
  return (text) => {
    const best = new Array<number>(concepts.length).fill(0);
    for (const token of tokens(text)) {
      const level = levelsOf(token);
      for (let i = 0; i < level.length; i++) if (level[i] > best[i]) best[i] = level[i];
    }
    let score = 0;
    for (const value of best) score += value;
    return score;
  };
}

/**
 * A `to_tsquery('simple', …)` string that matches any topic word, or one of its related words, by
 * prefix ("liv:* | lisbon:*"; three-letter words exactly: "cat | cats"), or null when the text has none.
 * Safe to pass as a parameter: terms are letters and digits only.
 */
export function prefixQuery(text: string, maxTerms = 12, options: { related?: boolean } = {}): string | null {
  const concepts = queryConcepts(text).slice(0, maxTerms);
  const parts = new Set<string>();
  for (const concept of concepts) {
    const terms = options.related === false ? concept.terms.slice(0, concept.own) : [...concept.terms, ...concept.searched];
    for (const term of terms) {
      if (term.exact) for (const form of [term.stem, `${term.stem}s`]) parts.add(form);
      else parts.add(`${term.stem}:*`);
    }
  }
  return parts.size ? [...parts].join(' | ') : null;
}

/** Character trigrams of the normalized text (with word-boundary padding). */
function trigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const word of words(text)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

/** Dice coefficient of character trigrams, 0..1: a pg_trgm-like similarity computed in JS. */
export function trigramSimilarity(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  if (ga.size === 0 || gb.size === 0) return 0;
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return (2 * shared) / (ga.size + gb.size);
}

/** Share of the query's topic words found in the text, directly or through a related word, 0..1; 0 when the query has none. */
export function coverage(query: string, text: string): number {
  const concepts = queryConcepts(query);
  if (concepts.length === 0) return 0;
  const textTokens = tokens(text);
  const hit = concepts.filter((c) => anyMatch(c.scored, textTokens) >= 0).length;
  return hit / concepts.length;
}

/** Text compared for equality: lower case, single spaces, no trailing punctuation. */
export function normalizeForCompare(text: string): string {
  // "favourite cuisine" and "favorite cuisine" are one attribute.
  return words(text)
    .map((w) => SPELLINGS[w] ?? w)
    .join(' ');
}
