/** The options of `shequ fleet` (shared by its verbs, so they need not import the command itself). */
import { parseArgs } from 'node:util';

export function parseFleetArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      broker: { type: 'string' },
      db: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      kiosk: { type: 'string' },
      acks: { type: 'boolean', default: false },
      body: { type: 'boolean', default: false },
      count: { type: 'string' },
      arg: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string', default: '30' },
      mqtt3: { type: 'boolean', default: false },
      ca: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

export type FleetArgs = ReturnType<typeof parseFleetArgs>;
