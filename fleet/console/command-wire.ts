/**
 * Command request and result payloads on `v1/kiosks/{id}/cmd/{name}` and `…/cmd/res`.
 * contract/mqtt.ts names the topics but not these payloads yet; they belong there (see the
 * report), and live here until the lead moves them so the kiosk agent can import them too.
 */
import { type Static, Type } from '@sinclair/typebox';

export const CommandRequest = Type.Object({
  /** 16 random bytes as hex; also sent as MQTT 5 Correlation Data. The kiosk dedupes on it. */
  commandId: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  name: Type.String({ minLength: 1 }),
  args: Type.Record(Type.String(), Type.Unknown()),
  /** Milliseconds since the epoch; for MQTT 3.1.1 and brokers that ignore Message Expiry. */
  deadline: Type.Integer(),
});
export type CommandRequest = Static<typeof CommandRequest>;

export const CommandStatus = Type.Union([
  Type.Literal('accepted'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('rejected'),
  Type.Literal('expired'),
]);
export type CommandStatus = Static<typeof CommandStatus>;

export const CommandResult = Type.Object({
  commandId: Type.String(),
  status: CommandStatus,
  result: Type.Optional(Type.Unknown()),
  error: Type.Optional(Type.String()),
});
export type CommandResult = Static<typeof CommandResult>;
