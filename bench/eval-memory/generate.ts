// The deterministic dataset: simulated users, their conversations in time order, and the questions
// asked at the end with their gold evidence. Same seed, same dataset.
import { DISTRACTORS, EVENT_TYPES, FACT_TYPES, SIBLING_JOBS, type FactType } from './catalogue.js';
import { Random } from './random.js';

/** One exchange. `assistant` null: a memory command, answered by MemoryService.handleCommand. */
export interface EvalTurn {
  user: string;
  assistant: string | null;
  /** `fact:<id>` for a command that writes a planted fact, `event:<id>` for an episodic mention. */
  tag?: string;
}

export interface EvalConversation {
  title: string;
  turns: EvalTurn[];
}

export type FactFate = 'kept' | 'updated' | 'forgotten' | 'retired';

/** A planted fact and what happened to it: `values` in order, the last one current unless forgotten or retired. */
export interface PlantedFact {
  id: string;
  key: string;
  values: string[];
  fate: FactFate;
}

export type EvalQuestion = QuestionBody & {
  /** Worded after retrieval was tuned, and never tuned on (see FactType.heldOut). */
  heldOut?: boolean;
};

type QuestionBody =
  /** Gold: the current memory of the fact; with more than one value, the stale ones must rank below it. */
  | { id: string; kind: 'fact'; text: string; factId: string; current: string; stale: string[] }
  /** Gold: the user's message that mentioned the event; `detail` is the answer, which the excerpt must contain. */
  | { id: string; kind: 'episode'; text: string; eventId: string; detail: string }
  /** Nothing of a forgotten (or no-longer-true) fact may come back, as a memory or as an excerpt. */
  | { id: string; kind: 'forgotten' | 'retired'; text: string; factId: string; gone: string[] };

export interface EvalUser {
  name: string;
  conversations: EvalConversation[];
  facts: PlantedFact[];
  questions: EvalQuestion[];
}

export interface Dataset {
  seed: number;
  users: EvalUser[];
}

export interface GenerateOptions {
  seed: number;
  users: number;
  factsPerUser: number;
  eventsPerUser: number;
  distractorsPerUser: number;
}

const REMEMBER = ['Remember that ', 'Please remember that ', 'Keep in mind that ', "Don't forget that ", 'remember: ', 'Hey, remember that '];
const FORGET = ['Forget ', 'Please forget ', 'Can you forget ', 'Stop remembering '];

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Writes the dataset for `options.users` users. */
export function generateDataset(options: GenerateOptions): Dataset {
  const random = new Random(options.seed);
  const users: EvalUser[] = [];
  for (let u = 0; u < options.users; u++) users.push(generateUser(random, { index: u, options }));
  return { seed: options.seed, users };
}

function generateUser(random: Random, { index, options }: { index: number; options: GenerateOptions }): EvalUser {
  const name = `user-${String(index + 1).padStart(3, '0')}`;
  const early: EvalTurn[] = [];
  const middle: EvalTurn[] = [];
  const late: EvalTurn[] = [];
  const last: EvalTurn[] = [];
  const facts: PlantedFact[] = [];
  const questions: EvalQuestion[] = [];
  let q = 0;
  const qid = () => `${name}/q${++q}`;

  for (const type of random.sample(FACT_TYPES, options.factsPerUser)) {
    const fact = plantFact(random, { type, id: `${name}/${type.key}`, turns: { early, middle, late, last } });
    facts.push(fact);
    const asked = random.sample(type.questions, random.chance(0.4) ? 2 : 1).map((text) => ({ text, heldOut: false }));
    asked.push({ text: random.pick(type.heldOut), heldOut: true });
    for (const { text, heldOut } of asked) {
      switch (fact.fate) {
        case 'kept':
        case 'updated':
          questions.push({ id: qid(), kind: 'fact', text, heldOut, factId: fact.id, current: fact.values.at(-1)!, stale: fact.values.slice(0, -1) });
          break;
        case 'forgotten':
        case 'retired':
          questions.push({ id: qid(), kind: fact.fate, text, heldOut, factId: fact.id, gone: fact.values });
          break;
      }
    }
  }

  for (const type of random.sample(EVENT_TYPES, options.eventsPerUser)) {
    const slots = Object.fromEntries(Object.entries(type.slots).map(([slot, values]) => [slot, random.pick(values)]));
    const eventId = `${name}/${type.key}`;
    random.pick([early, middle, late]).push({ user: type.say(slots), assistant: type.answer(slots), tag: `event:${eventId}` });
    questions.push({ id: qid(), kind: 'episode', text: random.pick(type.questions)(slots), eventId, detail: slots[type.detail] });
  }

  for (const [user, assistant] of random.sample(DISTRACTORS, options.distractorsPerUser)) random.pick([early, middle, late]).push({ user, assistant });

  const conversations = [early, middle, late, last].flatMap((phase) => pack(random, random.shuffle(phase)));
  return { name, conversations, facts, questions };
}

/** The statement, then maybe updates (middle), then maybe a forget or a contradiction (late). */
function plantFact(random: Random, { type, id, turns }: { type: FactType; id: string; turns: Record<'early' | 'middle' | 'late' | 'last', EvalTurn[]> }): PlantedFact {
  const values = random.sample(type.values, 3);
  const say = (statement: string) => ({ user: random.pick(REMEMBER) + statement.replace('{job}', random.pick(SIBLING_JOBS)), assistant: null, tag: `fact:${id}` });
  const fact: PlantedFact = { id, key: type.key, values: [values[0]], fate: 'kept' };
  turns.early.push(say(random.pick(type.state)(values[0])));
  if (type.update && random.chance(0.45)) {
    const updates = random.chance(0.3) ? 2 : 1;
    for (let i = 1; i <= updates; i++) {
      // Updates come in order: the second one after the first.
      (i === 1 ? turns.middle : turns.late).push(say(random.pick(type.update)(values[i])));
      fact.values.push(values[i]);
    }
    fact.fate = 'updated';
  }
  if (fact.fate === 'kept' && type.contradict && random.chance(0.5)) {
    turns.late.push(say(type.contradict(values[0])));
    fact.fate = 'retired';
  } else if (random.chance(0.15)) {
    // A forget request comes last, after any update.
    turns.last.push({ user: sentence(random.pick(FORGET) + random.pick(type.forget)), assistant: null, tag: `forget:${id}` });
    fact.fate = 'forgotten';
  }
  return fact;
}

/** Groups turns into conversations of one to four exchanges, keeping their order. */
function pack(random: Random, turns: EvalTurn[]): EvalConversation[] {
  const out: EvalConversation[] = [];
  for (let i = 0; i < turns.length; ) {
    const size = 1 + random.int(4);
    const slice = turns.slice(i, i + size);
    out.push({ title: slice[0].user.slice(0, 60), turns: slice });
    i += size;
  }
  return out;
}
