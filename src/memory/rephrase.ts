// Person shifting for explicit commands, so a memory reads "User lives in Lisbon" and the reply
// reads "you live in Lisbon" without a model. Deliberately small: what it does not know, it leaves alone.

const ADVERBS = new Set(['really', 'usually', 'always', 'never', 'often', 'also', 'still', 'just', 'mostly', 'sometimes', 'actually', 'now', 'currently', 'generally', 'normally', 'recently', 'only', 'already', 'definitely', 'absolutely', 'totally', 'strongly', 'rarely', 'seldom', 'typically', 'no', 'longer']);
/** Past tenses and modals that do not change with the person. */
const UNCHANGED = new Set(['was', 'had', 'did', 'went', 'got', 'made', 'said', 'took', 'began', 'became', 'grew', 'left', 'met', 'bought', 'came', 'saw', 'knew', 'thought', 'felt', 'found', 'gave', 'told', 'won', 'lost', 'ran', 'wrote', 'read', 'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must', 'used', 'cannot', "can't", "won't", "couldn't", "wouldn't", "shouldn't"]);
const THIRD_PERSON: Record<string, string> = { am: 'is', have: 'has', do: 'does', go: 'goes', be: 'is', "don't": "doesn't", "haven't": "hasn't", "wasn't": "wasn't", "didn't": "didn't" };

/** "live" → "lives", "study" → "studies", "watch" → "watches"; irregulars from the table. */
function conjugate(verb: string): string {
  const lower = verb.toLowerCase();
  if (THIRD_PERSON[lower]) return THIRD_PERSON[lower];
  if (UNCHANGED.has(lower) || /ed$/.test(lower)) return verb;
  if (/[^aeiou]y$/.test(lower)) return `${verb.slice(0, -1)}ies`;
  if (/(s|sh|ch|x|z|o)$/.test(lower)) return `${verb}es`;
  return `${verb}s`;
}

type Token = { word: string } | { sep: string };

function tokenize(text: string): Token[] {
  return text.split(/([\s,.;:!?()"]+)/).filter((part) => part !== '').map((part) => (/^[\s,.;:!?()"]+$/.test(part) ? { sep: part } : { word: part }));
}

const apostrophes = (text: string) => text.replace(/’/g, "'");

/**
 * First person to a third-person memory: "I live in Lisbon" → "User lives in Lisbon",
 * "my sister is Ana" → "User's sister is Ana", "Bob is my manager" → "Bob is the user's manager".
 */
export function toThirdPerson(statement: string): string {
  const tokens = tokenize(apostrophes(statement.trim()));
  const out: string[] = [];
  let conjugateNext = false;
  let first = true;
  for (const token of tokens) {
    if ('sep' in token) {
      out.push(token.sep);
      continue;
    }
    const word = token.word;
    const lower = word.toLowerCase();
    const subject = first ? 'User' : 'the user';
    first = false;
    if (conjugateNext) {
      if (ADVERBS.has(lower)) {
        out.push(word);
        continue;
      }
      conjugateNext = false;
      out.push(/^[a-z']+$/.test(lower) ? conjugate(word) : word);
      continue;
    }
    switch (lower) {
      case 'i':
        out.push(subject);
        conjugateNext = true;
        break;
      case "i'm":
        out.push(`${subject} is`);
        break;
      case "i've":
        out.push(`${subject} has`);
        break;
      case "i'll":
        out.push(`${subject} will`);
        break;
      case "i'd":
        out.push(`${subject} would`);
        break;
      case 'my':
        out.push(`${subject}'s`);
        break;
      case 'mine':
        out.push("the user's");
        break;
      case 'me':
      case 'myself':
        out.push('the user');
        break;
      default:
        out.push(word);
    }
  }
  return capitalize(out.join('').replace(/[\s.!]+$/, ''));
}

/** First person to second person for replies: "I live in Lisbon" → "you live in Lisbon". */
export function toSecondPerson(statement: string): string {
  const tokens = tokenize(apostrophes(statement.trim()));
  let afterI = false;
  const out = tokens.map((token) => {
    if ('sep' in token) return token.sep;
    const lower = token.word.toLowerCase();
    const wasI = afterI;
    afterI = false;
    switch (lower) {
      case 'i':
        afterI = true;
        return 'you';
      case "i'm":
        return "you're";
      case "i've":
        return "you've";
      case "i'll":
        return "you'll";
      case "i'd":
        return "you'd";
      case 'my':
        return 'your';
      case 'mine':
        return 'yours';
      case 'me':
        return 'you';
      case 'myself':
        return 'yourself';
      case 'am':
        return wasI ? 'are' : token.word;
      case 'was':
        return wasI ? 'were' : token.word;
      default:
        if (wasI && ADVERBS.has(lower)) afterI = true;
        return token.word;
    }
  });
  return out.join('').replace(/[\s.!]+$/, '');
}

/** Third-person memory text to second person for replies: "User lives in Lisbon" → "you live in Lisbon". */
export function memoryToSecondPerson(content: string): string {
  const text = content.replace(/^User's\b/, 'your').replace(/\bthe user's\b/g, 'your').replace(/\bthe user\b/g, 'you');
  if (!/^User\s/.test(text)) return text;
  const parts = text.slice(5).split(/(\s+)/);
  let i = 0;
  while (i < parts.length && (parts[i].trim() === '' || ADVERBS.has(parts[i].toLowerCase()))) i++;
  if (i >= parts.length) return text;
  const adverbs = parts.slice(0, i).join('').trimEnd();
  const verb = parts[i];
  const rest = parts.slice(i + 1).join('');
  const base: Record<string, string> = { is: 'are', has: 'have', does: 'do', "doesn't": "don't", was: 'were', goes: 'go', "isn't": "aren't", "hasn't": "haven't", "wasn't": "weren't" };
  const lower = verb.toLowerCase();
  let second = base[lower];
  if (!second) second = /ies$/.test(lower) ? `${verb.slice(0, -3)}y` : /(ches|shes|sses|xes|zes|oes)$/.test(lower) ? verb.slice(0, -2) : /[^s]s$/.test(lower) ? verb.slice(0, -1) : verb;
  return `you${adverbs ? ` ${adverbs.trim()}` : ''} ${second}${rest}`;
}

const capitalize = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);
