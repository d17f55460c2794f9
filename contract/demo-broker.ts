/**
 * `<demo data dir>/broker.json` (mode 0600): how a console on the same machine reaches the broker a
 * running demo (`shequ start --sim`) embeds, with the console credentials generated at its start.
 * The demo writes it; `shequ fleet` reads it when no --broker is given.
 */
import { type Static, Type } from '@sinclair/typebox';

export const DEMO_BROKER_FILE = 'broker.json';

export const DemoBroker = Type.Object({
  url: Type.String({ pattern: '^mqtts?://' }),
  protocolVersion: Type.Union([Type.Literal(4), Type.Literal(5)]),
  console: Type.Object({
    username: Type.String({ minLength: 1 }),
    password: Type.String({ minLength: 1 }),
  }),
});
export type DemoBroker = Static<typeof DemoBroker>;
