// What simulated users say: planted facts (with their updates, contradictions and forget requests),
// events mentioned in passing (episodic evidence), and distractor chatter. Questions are written the
// way people ask, not the way the fact was stored: other words, other order, question form.

/** A fact about the user that the user states with "remember that …". */
export interface FactType {
  key: string;
  values: readonly string[];
  /** First-person statements of the fact (the text after "remember that"). */
  state: readonly ((value: string) => string)[];
  /** A later change of value ("I moved to …"); absent for facts that do not change. */
  update?: readonly ((value: string) => string)[];
  /** "No longer true" with no replacement: consolidation should retire the fact. */
  contradict?: (value: string) => string;
  /** Questions about the fact, which never contain the value. */
  questions: readonly string[];
  /**
   * More questions, written after retrieval was tuned on `questions` and never tuned on: their recall
   * is reported on its own, as the honest estimate for wording nobody optimized for.
   */
  heldOut: readonly string[];
  /** How a user asks to forget it (the text after "forget"). */
  forget: readonly string[];
}

const cities = ['Lisbon', 'Porto', 'Rotterdam', 'Tallinn', 'Valparaiso', 'Kraków', 'Montreal', 'Bilbao', 'Adelaide', 'Nagoya', 'Ljubljana', 'Tucson', 'Gdansk', 'Eindhoven', 'Brisbane', 'Cusco'];
const companies = ['Acme Robotics', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Biotech', 'Hooli', 'Vandelay Imports', 'Soylent Foods', 'Massive Dynamic', 'Cyberdyne Labs', 'Wonka Confections'];
const jobs = ['nurse', 'data analyst', 'carpenter', 'high school teacher', 'civil engineer', 'pharmacist', 'graphic designer', 'paralegal', 'firefighter', 'dental hygienist', 'sommelier', 'air traffic controller'];
const cars = ['Toyota Corolla', 'Volvo XC40', 'Subaru Outback', 'Mazda MX-5', 'Skoda Octavia', 'Tesla Model 3', 'Honda Civic', 'Fiat Panda', 'Kia Niro', 'Renault Zoe'];
const partners = ['Amara', 'Tomasz', 'Ingrid', 'Rafael', 'Yusuf', 'Chiara', 'Malik', 'Saoirse', 'Bjorn', 'Leilani'];
const cuisines = ['Thai', 'Ethiopian', 'Georgian', 'Peruvian', 'Sichuan', 'Lebanese', 'Basque', 'Korean', 'Oaxacan', 'Sicilian'];
const petNames = ['Biscuit', 'Pepper', 'Mochi', 'Ziggy', 'Nugget', 'Clementine', 'Waffles', 'Juniper', 'Pickles', 'Bramble'];
const allergens = ['peanuts', 'shellfish', 'penicillin', 'sesame', 'bee stings', 'latex', 'kiwi fruit', 'cats dander'];
const languages = ['Japanese', 'Portuguese', 'Swahili', 'Icelandic', 'Mandarin', 'Finnish', 'Turkish', 'Vietnamese'];
const races = ['the Berlin marathon', 'the Chicago marathon', 'an Ironman in Nice', 'the London half marathon', 'a 100 km ultra in the Dolomites', 'the Tokyo marathon'];
const instruments = ['cello', 'banjo', 'ukulele', 'bassoon', 'harmonica', 'mandolin', 'theremin', 'clarinet'];
const teams = ['Celtic', 'Boca Juniors', 'the Green Bay Packers', 'Ajax', 'the Boston Celtics', 'Benfica', 'the Montreal Canadiens', 'Galatasaray'];
const siblingJobs = ['midwife', 'airline pilot', 'marine biologist', 'locksmith', 'veterinarian', 'stand-up comedian'];
const siblingNames = ['Noor', 'Dariusz', 'Femke', 'Oisin', 'Priya', 'Mateus', 'Agnieszka', 'Kwame'];
const birthdays = ['March 3', 'July 19', 'October 28', 'January 11', 'May 30', 'December 6', 'August 14', 'February 22'];
const schools = ['the University of Edinburgh', 'Delft University of Technology', 'McGill University', 'the Open University', 'Politecnico di Milano', 'the University of Otago'];

export const FACT_TYPES: readonly FactType[] = [
  {
    key: 'residence',
    values: cities,
    state: [(v) => `I live in ${v}`, (v) => `I'm living in ${v}`],
    update: [(v) => `I moved to ${v}`, (v) => `I relocated to ${v}`, (v) => `I live in ${v} now`],
    questions: ['Which city am I based in these days?', "Where's home for me right now?", 'What town do I live in?', 'Remind me where my place is, which city?'],
    heldOut: ["Which country's time zone should you assume for me, given where I stay?", "Where am I living at the moment?", "What's my current address city?"],
    forget: ['where I live', 'which city I live in'],
  },
  {
    key: 'employer',
    values: companies,
    state: [(v) => `I work at ${v}`, (v) => `I work for ${v}`],
    update: [(v) => `I joined ${v}`, (v) => `I started working at ${v}`, (v) => `I work at ${v} now`],
    questions: ['Which company employs me?', 'Who is my employer at the moment?', 'What firm am I working for?', 'Where do I work these days?'],
    heldOut: ["Which organisation pays my salary?", "What's the name of the place I'm employed at?"],
    forget: ['where I work', 'my employer'],
  },
  {
    key: 'occupation',
    values: jobs,
    state: [(v) => `I work as a ${v}`, (v) => `I'm working as a ${v}`],
    update: [(v) => `I now work as a ${v}`, (v) => `I work as a ${v} now`],
    questions: ["What's my job title?", 'What do I do for a living?', 'What is my profession?', 'What is my occupation these days?'],
    heldOut: ["What kind of work do I do?", "What career am I in?"],
    forget: ['my job', 'what I do for a living'],
  },
  {
    key: 'car',
    values: cars,
    state: [(v) => `I drive a ${v}`],
    update: [(v) => `I drive a ${v} now`],
    questions: ['What car do I have?', 'Which vehicle do I own?', 'What do I drive?'],
    heldOut: ["What model is my car?", "Remind me what I drive to work."],
    forget: ['my car', 'what car I drive'],
  },
  {
    key: 'partner',
    values: partners,
    state: [(v) => `I am married to ${v}`, (v) => `I'm married to ${v}`],
    questions: ["Who's my spouse?", "What's my wife's or husband's name?", 'Who am I married to?'],
    heldOut: ["What's my partner's name?", "Am I married, and to whom?"],
    forget: ['who I am married to', 'my spouse'],
  },
  {
    key: 'diet',
    values: ['vegetarian', 'vegan', 'pescatarian'],
    state: [(v) => `I am ${v}`, (v) => `I'm ${v}`],
    contradict: (v) => `I am no longer ${v}`,
    questions: ['Do I follow any particular diet?', 'Any dietary restrictions I have?', 'What diet am I on?'],
    heldOut: ["Should you avoid suggesting meat dishes to me?", "Can I eat meat, given my diet?"],
    forget: ['my diet'],
  },
  {
    key: 'cuisine',
    values: cuisines,
    state: [(v) => `my favourite cuisine is ${v}`, (v) => `my favorite cuisine is ${v}`],
    update: [(v) => `my favourite cuisine is now ${v}`],
    questions: ['Which cuisine do I enjoy most?', 'What kind of food is my favourite?', 'If you pick a restaurant for me, which cuisine?'],
    heldOut: ["Which type of cooking do I like the most?", "What is my favorite kind of cuisine?"],
    forget: ['my favourite cuisine'],
  },
  {
    key: 'pet',
    values: petNames,
    state: [(v) => `I have a dog named ${v}`, (v) => `I have a cat named ${v}`],
    questions: ["What's my pet called?", "What's the name of my dog or cat?", 'What did I name my pet?'],
    heldOut: ["Do I have any pets?", "What is my dog called, or is it a cat?"],
    forget: ['my pet', 'my dog', 'my cat'],
  },
  {
    key: 'allergy',
    values: allergens,
    state: [(v) => `I am allergic to ${v}`, (v) => `I have an allergy to ${v}`],
    questions: ['Do I have any allergies?', 'What am I allergic to?', 'Is there anything I react badly to, allergy-wise?'],
    heldOut: ["Which allergies should a restaurant know about for me?", "Anything I am allergic to that I should avoid?"],
    forget: ['my allergy', 'that I am allergic'],
  },
  {
    key: 'language',
    values: languages,
    state: [(v) => `I am learning ${v}`, (v) => `I'm studying ${v}`],
    questions: ['Which language am I studying?', 'What language am I trying to learn?', 'Which foreign language lessons am I taking?'],
    heldOut: ["Which language am I learning at the moment?", "What foreign language do I practice?"],
    forget: ['the language I am learning'],
  },
  {
    key: 'race',
    values: races,
    state: [(v) => `I am training for ${v}`],
    questions: ['What race am I training for?', 'Which event am I preparing for with all this training?', 'Remind me which race I signed up to train for?'],
    heldOut: ["Which marathon or race is on my calendar?", "What am I training for these days?"],
    forget: ['my race training'],
  },
  {
    key: 'instrument',
    values: instruments,
    state: [(v) => `I play the ${v}`, (v) => `I'm learning to play the ${v}`],
    questions: ['Which instrument do I play?', 'What musical instrument am I into?'],
    heldOut: ["What instrument am I learning or playing?", "Do I play any music instrument?"],
    forget: ['the instrument I play'],
  },
  {
    key: 'team',
    values: teams,
    state: [(v) => `I support ${v}`, (v) => `I'm a big fan of ${v}`],
    questions: ['Which team do I support?', 'Who do I root for in sports?', 'What team am I a fan of?'],
    heldOut: ["Which club am I a supporter of?", "Which sports team do I follow?"],
    forget: ['the team I support'],
  },
  {
    key: 'sibling',
    values: siblingNames,
    state: [(v) => `my sister ${v} is a ${'{job}'}`],
    questions: ['What does my sister do?', "What's my sister's job?", 'What is my sister called?'],
    heldOut: ["Tell me about my sister.", "Do I have a sister, and what does she work as?"],
    forget: ['my sister'],
  },
  {
    key: 'birthday',
    values: birthdays,
    state: [(v) => `my birthday is on ${v}`],
    questions: ['When is my birthday?', 'What day was I born?', 'When should you wish me a happy birthday?'],
    heldOut: ["On which date is my birthday?", "When do I celebrate my birthday?"],
    forget: ['my birthday'],
  },
  {
    key: 'school',
    values: schools,
    state: [(v) => `I studied at ${v}`, (v) => `I graduated from ${v}`],
    questions: ['Which university did I go to?', 'Where did I get my degree?', 'What school did I graduate from?'],
    heldOut: ["Where did I study at university?", "Which college did I attend?"],
    forget: ['where I studied'],
  },
];

/** Second value for facts whose statement has two slots (the sibling's job). */
export const SIBLING_JOBS = siblingJobs;

/** Something the user mentioned in a conversation; found later by episodic search. */
export interface EventType {
  key: string;
  slots: Record<string, readonly string[]>;
  /** The user's message (the gold evidence) and the assistant's answer. */
  say: (s: Record<string, string>) => string;
  answer: (s: Record<string, string>) => string;
  /** Questions about it later, phrased differently; they may name the topic but not the detail asked. */
  questions: readonly ((s: Record<string, string>) => string)[];
  /** The detail the question asks for: it must be in the retrieved excerpt. */
  detail: string;
}

export const EVENT_TYPES: readonly EventType[] = [
  {
    key: 'trip',
    slots: { place: ['Kyoto', 'Reykjavik', 'Marrakesh', 'Hanoi', 'Patagonia', 'Tbilisi', 'Zanzibar', 'Oaxaca'], month: ['April', 'September', 'November', 'February'], reason: ["a friend's wedding", 'a conference', 'a hiking week', 'my honeymoon'] },
    say: (s) => `I'm flying to ${s.place} in ${s.month} for ${s.reason}. What should I pack?`,
    answer: (s) => `For ${s.place} in ${s.month}, pack layers, comfortable walking shoes, a rain jacket and adapters. Check visa rules before ${s.reason}.`,
    questions: [(s) => `When was I going on that ${s.place} trip?`, (s) => `What month is my travel to ${s.place}?`, (s) => `Why am I travelling to ${s.place} again?`],
    detail: 'month',
  },
  {
    key: 'purchase',
    slots: { item: ['espresso machine', 'standing desk', 'robot vacuum', 'e-bike', 'mechanical keyboard', 'air fryer'], problem: ['makes a grinding noise', 'keeps shutting off', 'wobbles badly', 'will not charge'] },
    say: (s) => `I bought a ${s.item} last weekend and it already ${s.problem}. Can I return it?`,
    answer: (s) => `Most shops accept returns within 14 to 30 days. Since the ${s.item} ${s.problem}, it counts as defective, so ask for a refund or a replacement.`,
    questions: [(s) => `What was wrong with the ${s.item} I got?`, (s) => `Which problem did my new ${s.item} have?`],
    detail: 'problem',
  },
  {
    key: 'wedding',
    slots: { relative: ['cousin', 'brother', 'best friend', 'niece'], date: ['June 14', 'August 2', 'October 9', 'May 21'], venue: ['a vineyard near Mendoza', 'a castle in Scotland', 'a beach in Crete', 'a barn in Vermont'] },
    say: (s) => `My ${s.relative}'s wedding is on ${s.date} at ${s.venue}. Help me write a short toast.`,
    answer: (s) => `Here's a toast for your ${s.relative}: "To love, laughter and happily ever after." Keep it under two minutes, and mention how you met.`,
    questions: [(s) => `When is my ${s.relative} getting married?`, (s) => `Where is the ${s.relative}'s wedding taking place?`],
    detail: 'date',
  },
  {
    key: 'injury',
    slots: { part: ['ankle', 'wrist', 'knee', 'shoulder'], sport: ['bouldering', 'five-a-side football', 'padel', 'trail running'] },
    say: (s) => `I sprained my ${s.part} at ${s.sport} yesterday. How long until it heals?`,
    answer: (s) => `A mild ${s.part} sprain usually heals in two to six weeks. Rest, ice, compression and elevation help; see a doctor if you can't bear weight.`,
    questions: [(s) => `How did I hurt my ${s.part}?`, (s) => `Which sport was I doing when I injured my ${s.part}?`],
    detail: 'sport',
  },
  {
    key: 'project',
    slots: { app: ['budgeting app', 'recipe planner', 'volunteer scheduler', 'plant-watering tracker'], lang: ['Rust', 'Elixir', 'Kotlin', 'Svelte'], client: ['my church', 'a local bakery', 'my climbing gym', 'a dentist'] },
    say: (s) => `I'm building a ${s.app} in ${s.lang} for ${s.client}. How should I structure the database?`,
    answer: () => `Start with a few normalized tables, one per entity, with foreign keys and timestamps; add indexes for the queries you run most.`,
    questions: [(s) => `Which programming language did I pick for the ${s.app}?`, (s) => `Who is the ${s.app} I'm coding for?`],
    detail: 'lang',
  },
  {
    key: 'book',
    slots: { title: ['Piranesi', 'The Left Hand of Darkness', 'Station Eleven', 'Pachinko', 'Middlemarch'], club: ['book club', 'reading group'] },
    say: (s) => `I'm reading ${s.title} for my ${s.club}. Can you give me discussion questions?`,
    answer: (s) => `Some questions on ${s.title}: what does the setting say about the characters? Which choice surprised you? How does the ending change the beginning?`,
    questions: [(s) => `What novel is my ${s.club} reading?`, () => `Which book did I need discussion questions for?`],
    detail: 'title',
  },
];

/** Everyday chatter that mentions no fact about the user; some of it shares words with the questions on purpose. */
export const DISTRACTORS: readonly [string, string][] = [
  ['How do I reverse a linked list in Python?', 'Walk the list keeping prev, current and next pointers; point each node back to prev. It runs in O(n) time and O(1) space.'],
  ["What's a good recipe for banana bread?", 'Mash three ripe bananas, mix with melted butter, sugar, an egg, flour and baking soda, then bake at 175 °C for about an hour.'],
  ['Explain the difference between TCP and UDP.', 'TCP is connection-oriented and reliable, with ordering and retransmission; UDP sends datagrams with no guarantees but less overhead.'],
  ['Summarize the causes of the First World War.', 'Militarism, alliances, imperialism and nationalism set the stage; the assassination of Archduke Franz Ferdinand triggered it.'],
  ['Which jobs are most in demand this decade?', 'Nursing, software development, renewable energy technicians and data roles are growing fastest in most economies.'],
  ['Is it cheaper to live in a big city or in the suburbs?', 'Rent is usually lower in the suburbs, but commuting costs and time can cancel out much of the saving.'],
  ['How do I train a puppy to sit?', 'Hold a treat above its nose, move it back so the puppy sits, then reward immediately. Short sessions, several times a day.'],
  ['What are the most common food allergies in children?', 'Milk, eggs, peanuts, tree nuts, soy, wheat, fish and shellfish cause most childhood food allergies.'],
  ['Give me a beginner workout plan for three days a week.', 'Day one: squats, push-ups, rows. Day two: lunges, overhead press, planks. Day three: deadlifts, pull-ups, core work.'],
  ['What is the best way to learn a new language as an adult?', 'Daily practice with spaced repetition, lots of listening, and speaking with natives early on works better than grammar drills alone.'],
  ['How does a car engine work, simply?', 'Fuel and air burn in cylinders, pushing pistons that turn a crankshaft, which drives the wheels through the gearbox.'],
  ['Write a haiku about autumn rain.', 'Grey rain on red leaves / the gutter hums a low song / tea cools by the glass'],
  ['What does a sommelier study?', 'Wine regions, grape varieties, tasting technique, food pairing and service; certification comes in several levels.'],
  ['Can you explain compound interest?', 'Interest is added to the principal, so later interest is earned on earlier interest; growth is exponential over time.'],
  ['Tips for a job interview at a big company?', 'Research the company, prepare stories with the STAR method, ask thoughtful questions, and follow up with a thank-you note.'],
  ['How do vaccines train the immune system?', 'They show the immune system a harmless piece or version of a pathogen so it makes antibodies and memory cells in advance.'],
  ['What should I consider when adopting a cat?', 'Think about space, time, costs, allergies in the household, and whether an adult cat suits you better than a kitten.'],
  ['Which marathon training plan works for beginners?', 'A 16 to 20 week plan with three to four runs a week, one long run building to about 32 km, and a taper at the end.'],
  ['Recommend a few classic science fiction novels.', 'Dune, The Dispossessed, Foundation, Neuromancer and Hyperion are good places to start.'],
  ['How do I fix a merge conflict in git?', 'Open the conflicted files, choose or combine the changes between the markers, then git add them and commit.'],
  ['What is the capital of Australia?', 'Canberra. It was chosen as a compromise between Sydney and Melbourne.'],
  ['How many hours of sleep does an adult need?', 'Most adults need seven to nine hours a night; consistency matters as much as the total.'],
  ['What is a good birthday gift for a coworker?', 'Something small and consumable: good coffee, a plant, a book voucher or a nice notebook.'],
  ['Explain how a university degree is structured in Europe.', 'Under the Bologna process: a three-year bachelor, a two-year master, then a doctorate, measured in ECTS credits.'],
  ['Which musical instrument is easiest to start with?', 'Ukulele and piano are friendly for beginners: few chords go a long way and you get results quickly.'],
  ['How should I prepare for a long flight?', 'Drink water, move every hour, wear compression socks, and shift your sleep toward the destination time zone.'],
  ['What are good questions for a book club?', 'Ask what surprised readers, which character changed most, and how the book would read from another point of view.'],
  ['How do I return a defective product in the EU?', 'You have at least two years of legal guarantee: contact the seller, describe the defect, and ask for repair, replacement or a refund.'],
];
