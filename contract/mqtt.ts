/**
 * The MQTT wire contract between a kiosk's fleet agent and central (`fleet/`), written once.
 * Every payload is a TypeBox schema, so the same definition gives the TypeScript type and the
 * JSON schema used to validate what arrives off the wire.
 */
import { type Static, Type } from '@sinclair/typebox';

export const CONTRACT_VERSION = 1;

export const topics = {
  status: (kioskId: string) => `v1/kiosks/${kioskId}/status`,
  telemetry: (kioskId: string) => `v1/kiosks/${kioskId}/telemetry`,
  event: (kioskId: string, type: string) => `v1/kiosks/${kioskId}/events/${type}`,
  tx: (kioskId: string) => `v1/kiosks/${kioskId}/tx`,
  ack: (kioskId: string) => `v1/kiosks/${kioskId}/ack`,
  configDesired: (kioskId: string) => `v1/kiosks/${kioskId}/config/desired`,
  configReported: (kioskId: string) => `v1/kiosks/${kioskId}/config/reported`,
  cmd: (kioskId: string, name: string) => `v1/kiosks/${kioskId}/cmd/${name}`,
  cmdResult: (kioskId: string) => `v1/kiosks/${kioskId}/cmd/res`,
  /** Retained online/offline state of central ingest; kiosks hold back their drain while it is offline. */
  ingestState: 'v1/fleet/ingest/state',
  /** Shared subscription through which several ingest workers split the transaction stream. */
  ingestSharedTx: '$share/ingest/v1/kiosks/+/tx',
  allTx: 'v1/kiosks/+/tx',
  allStatus: 'v1/kiosks/+/status',
  allTelemetry: 'v1/kiosks/+/telemetry',
} as const;

/** Extracts the kiosk ID from any `v1/kiosks/{id}/…` topic. */
export function kioskIdOfTopic(topic: string): string | undefined {
  const parts = topic.split('/');
  return parts[0] === 'v1' && parts[1] === 'kiosks' && parts[2] ? parts[2] : undefined;
}

export const KioskStatus = Type.Object({
  state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
  /** Incremented on every connect; a consumer ignores an offline whose sess is below the last online. */
  sess: Type.Integer({ minimum: 0 }),
  ts: Type.Integer({ description: 'milliseconds since the epoch' }),
  version: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});
export type KioskStatus = Static<typeof KioskStatus>;

export const TxType = Type.Union([
  Type.Literal('ticket.issued'),
  Type.Literal('ticket.called'),
  Type.Literal('ticket.recalled'),
  Type.Literal('ticket.transferred'),
  Type.Literal('ticket.no-show'),
  Type.Literal('ticket.completed'),
  Type.Literal('case.accepted'),
  Type.Literal('case.changed'),
  Type.Literal('rating.given'),
  Type.Literal('device.alarm'),
]);
export type TxType = Static<typeof TxType>;

/** One business transaction as it leaves a kiosk's outbox. Personal data is never in it unmasked. */
export const TxEnvelope = Type.Object({
  v: Type.Literal(CONTRACT_VERSION),
  kiosk: Type.String({ minLength: 1 }),
  /** ULID made in the same durable write as the business record; the idempotency key at central. */
  txId: Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' }),
  /** Per-kiosk sequence number, monotonic across restarts. */
  seq: Type.Integer({ minimum: 1 }),
  type: TxType,
  ts: Type.Integer(),
  body: Type.Record(Type.String(), Type.Unknown()),
});
export type TxEnvelope = Static<typeof TxEnvelope>;

export const AckResult = Type.Union([Type.Literal('ok'), Type.Literal('dup'), Type.Literal('rejected')]);
export type AckResult = Static<typeof AckResult>;

/** Central's application-level ack, published only after the transactions are committed. */
export const AckPayload = Type.Object({
  acks: Type.Array(
    Type.Object({
      txId: Type.String(),
      r: AckResult,
      why: Type.Optional(Type.String()),
    }),
  ),
});
export type AckPayload = Static<typeof AckPayload>;

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
