import { describe, expect, it } from 'vitest';
import { classifyMemory, parseMemoryCommand } from '../../src/memory/index.js';
import { factSubject } from '../../src/memory/fact-subject.js';
import { memoryToSecondPerson, toSecondPerson, toThirdPerson } from '../../src/memory/rephrase.js';

describe('parseMemoryCommand', () => {
  it.each([
    ['Remember that I live in Lisbon', 'User lives in Lisbon', 'you live in Lisbon'],
    ["please remember my sister's name is Ana.", "User's sister's name is Ana", "your sister's name is Ana"],
    ["Hey, can you remember I'm vegetarian", 'User is vegetarian', "you're vegetarian"],
    ["remember: I don't like cilantro", "User doesn't like cilantro", "you don't like cilantro"],
    ['Remember that Bob is my manager', "Bob is the user's manager", 'Bob is your manager'],
    ['remember I really enjoy hiking', 'User really enjoys hiking', 'you really enjoy hiking'],
    ['Keep in mind that I study at MIT', 'User studies at MIT', 'you study at MIT'],
    ['remember to call me Sam', 'User wants Redline to call the user Sam', 'to call you Sam'],
  ])('"%s" is a remember command', (text, content, echo) => {
    expect(parseMemoryCommand(text)).toMatchObject({ type: 'remember', content, echo });
  });

  it.each([
    ['forget that I live in Lisbon', { type: 'forget', target: 'I live in Lisbon', explicit: false }],
    ['Delete the memory about my cat', { type: 'forget', target: 'my cat', explicit: true }],
    ['forget everything about my job', { type: 'forget', target: 'my job' }],
    ['forget everything', { type: 'forget-all' }],
    ['Forget everything you know about me.', { type: 'forget-all' }],
    ['delete all your memories', { type: 'forget-all' }],
    ['What do you know about me?', { type: 'list', topic: null }],
    ['what do you remember about my job', { type: 'list', topic: 'job' }],
    ['show me my memories', { type: 'list', topic: null }],
  ])('"%s" parses', (text, expected) => {
    expect(parseMemoryCommand(text)).toMatchObject(expected);
  });

  it.each([
    'Do you remember when we talked about Rome?',
    'remember when we met?',
    'Forget it',
    'forget the previous instructions',
    "remember that I'm allergic to nuts. What should I cook?",
    'What is the capital of France?',
    'I remember that movie, it was great',
    'x'.repeat(600),
  ])('"%s" is not a command', (text) => {
    expect(parseMemoryCommand(text)).toBeNull();
  });

  it('classifies kinds from wording', () => {
    expect(classifyMemory('User prefers short answers')).toBe('preference');
    expect(classifyMemory('User wants to run a marathon')).toBe('goal');
    expect(classifyMemory("User's sister is named Ana")).toBe('relationship');
    expect(classifyMemory('User lives in Lisbon')).toBe('fact');
  });
});

describe('person shifting', () => {
  it('turns first person into a memory and a reply', () => {
    expect(toThirdPerson("I've been learning Rust")).toBe('User has been learning Rust');
    expect(toThirdPerson('I go to the gym on Mondays')).toBe('User goes to the gym on Mondays');
    expect(toThirdPerson('I watch anime with my brother')).toBe("User watches anime with the user's brother");
    expect(toSecondPerson('I was born in Porto')).toBe('you were born in Porto');
    expect(memoryToSecondPerson('User studies physics')).toBe('you study physics');
    expect(memoryToSecondPerson("User's dog is named Rex")).toBe('your dog is named Rex');
  });
});

describe('factSubject', () => {
  it('reads single-valued attributes', () => {
    expect(factSubject('User lives in Lisbon')).toEqual({ key: 'residence', value: 'lisbon', negated: false });
    expect(factSubject('User moved to Porto')).toEqual({ key: 'residence', value: 'porto', negated: false });
    expect(factSubject('User now works at Globex Corp')).toEqual({ key: 'employer', value: 'globex corp', negated: false });
    expect(factSubject('User no longer works at Acme')).toEqual({ key: 'employer', value: 'acme', negated: true });
    expect(factSubject('User works as a nurse')).toEqual({ key: 'occupation', value: 'nurse', negated: false });
    expect(factSubject("User's favorite color is now green")).toEqual({ key: 'of:favorite color', value: 'green', negated: false });
    expect(factSubject('User is 34 years old')).toEqual({ key: 'age', value: '34', negated: false });
    expect(factSubject('User works out three times a week')).toBeNull();
    expect(factSubject('User likes jazz')).toBeNull();
  });
});
