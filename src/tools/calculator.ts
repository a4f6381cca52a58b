import type { MathJsInstance } from 'mathjs';
import { z } from 'zod';
import { ToolInputError, type Tool } from './types.js';

type Calculator = Pick<MathJsInstance, 'evaluate' | 'format'>;

let instance: Promise<Calculator> | undefined;

/**
 * The mathjs instance, made on the first calculation: the whole library with BigNumbers holds about
 * 90 MB, which a server that never calculates should not carry.
 */
function mathjs(): Promise<Calculator> {
  instance ??= import('mathjs').then(({ all, create }) => {
    // Decimal arithmetic with 64 significant digits: 0.1 + 0.2 is 0.3, and 2^100 is exact.
    const math = create(all, { number: 'BigNumber', precision: 64 });
    // An expression must not be able to redefine the library or reach its parser (mathjs's own advice).
    const disabled = (name: string) => () => {
      throw new Error(`The function ${name} is not available in the calculator.`);
    };
    const evaluate = math.evaluate.bind(math);
    math.import(
      Object.fromEntries(['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'compile'].map((name) => [name, disabled(name)])),
      { override: true },
    );
    return { evaluate, format: math.format.bind(math) };
  });
  return instance;
}

const input = z.object({ expression: z.string().min(1).max(2000) });

/** Exact arithmetic, units and functions (mathjs): "12.5% of 240", "sqrt(2)^2", "5 km to miles". */
export const calculator: Tool<z.infer<typeof input>> = {
  name: 'calculator',
  description:
    'Evaluate a math expression exactly (64-digit decimals): arithmetic, powers, roots, percentages, trigonometry, matrices, unit conversions ("5 km to mi"). Use it for any arithmetic instead of computing in your head. Returns the value.',
  inputSchema: {
    type: 'object',
    properties: { expression: { type: 'string', description: 'A mathjs expression, e.g. "(1.07^10 - 1) * 2500" or "37 degC to degF".' } },
    required: ['expression'],
    additionalProperties: false,
  },
  parse: input,
  timeoutMs: 2000,
  // mathjs with BigNumbers takes a second or more to load on a busy machine: not part of the call.
  prepare: () => mathjs().then(() => undefined),
  async run({ expression }) {
    const math = await mathjs();
    let value: unknown;
    try {
      value = math.evaluate(expression);
    } catch (error) {
      throw new ToolInputError(`Could not evaluate "${expression}": ${(error as Error).message}`);
    }
    if (typeof value === 'function' || value === undefined) throw new ToolInputError(`"${expression}" is not a value.`);
    // Shown to 60 digits of the 64 computed: 1/3*3 reads 1, not 0.999…, and 2^100 stays exact.
    return { text: math.format(value as never, { precision: 60, lowerExp: -12, upperExp: 60 }) };
  },
};
