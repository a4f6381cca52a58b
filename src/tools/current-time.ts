import { z } from 'zod';
import { ToolInputError, type Tool } from './types.js';

const input = z.object({ timeZone: z.string().max(64).optional() });

/** The current date and time, in a time zone (IANA name) or UTC. */
export function currentTimeTool(now: () => Date = () => new Date()): Tool<z.infer<typeof input>> {
  return {
    name: 'current_time',
    description: 'Get the current date, time and weekday, in an IANA time zone such as "Europe/Lisbon" (default UTC). Use it whenever the answer depends on today.',
    inputSchema: {
      type: 'object',
      properties: { timeZone: { type: 'string', description: 'IANA time zone, e.g. "America/New_York". Omit for UTC.' } },
      additionalProperties: false,
    },
    parse: input,
    timeoutMs: 1000,
    async run({ timeZone = 'UTC' }) {
      const at = now();
      let local: string;
      try {
        local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' }).format(at);
      } catch {
        throw new ToolInputError(`Unknown time zone "${timeZone}"; use an IANA name such as "Europe/Paris".`);
      }
      return { text: `${local} (ISO ${at.toISOString()}, time zone ${timeZone})` };
    },
  };
}
