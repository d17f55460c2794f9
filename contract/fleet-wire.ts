/**
 * The fleet side of the MQTT wire contract: what a kiosk reports about itself (telemetry, ingest
 * state, device health) and the commands central sends it with their results. Re-exported by
 * `mqtt.ts`, which keeps the topics and the transactions.
 */
import { type Static, Type } from '@sinclair/typebox';

export const IngestState = Type.Object({
  state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  worker: Type.String(),
  ts: Type.Integer(),
});
export type IngestState = Static<typeof IngestState>;

export const DeviceHealthWire = Type.Object({
  state: Type.Union([
    Type.Literal('ok'),
    Type.Literal('warning'),
    Type.Literal('fault'),
    Type.Literal('disconnected'),
  ]),
  detail: Type.Optional(Type.String()),
});

export const Telemetry = Type.Object({
  ts: Type.Integer(),
  reader: DeviceHealthWire,
  printer: DeviceHealthWire,
  scanner: Type.Optional(DeviceHealthWire),
  disk: Type.Optional(Type.Object({ freeBytes: Type.Integer(), totalBytes: Type.Integer() })),
  outbox: Type.Object({ depth: Type.Integer(), oldestAgeMs: Type.Integer() }),
  queue: Type.Object({ waiting: Type.Integer() }),
  version: Type.String(),
});
export type Telemetry = Static<typeof Telemetry>;

/** Names of the commands a kiosk understands on `v1/kiosks/{id}/cmd/{name}`. */
export const COMMAND_NAMES = [
  'reprint',
  'print-test',
  'sync-now',
  'restart-service',
  'collect-logs',
  /** The staff panel's HTTPS certificate is asked again from the district CA (contract/panel-cert.ts). */
  'renew-panel-cert',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const CommandRequest = Type.Object({
  /** 16 random bytes as hex; also sent as MQTT 5 Correlation Data. The kiosk dedupes on it. */
  commandId: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  name: Type.String({ minLength: 1 }),
  args: Type.Record(Type.String(), Type.Unknown()),
  /** Milliseconds since the epoch; for MQTT 3.1.1 and brokers that ignore Message Expiry. */
  deadline: Type.Integer(),
  /** Where to answer when MQTT 5 Response Topic is not available (MQTT 3.1.1). */
  responseTopic: Type.Optional(Type.String()),
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
