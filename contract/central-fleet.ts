/**
 * The central console's fleet-operations HTTP API (fleet/operations), written once: the console's
 * pages, `shequ fleet rollout` and the tests use these types; the server validates request bodies
 * with the same schemas. Times are milliseconds since the epoch.
 */
import { type Static, Type } from '@sinclair/typebox';
import { COMMAND_NAMES } from './mqtt.ts';
import { SmsByRef } from './notify-lists.ts';

export const DeviceState = Type.Union([
  Type.Literal('ok'),
  Type.Literal('warning'),
  Type.Literal('fault'),
  Type.Literal('disconnected'),
  Type.Literal('unknown'),
]);

/** Faults the fleet page filters on, named once. */
export const FAULTS = [
  'offline',
  'silent',
  'printer.paper-out',
  'printer.paper-near-end',
  'printer.cover-open',
  'printer.fault',
  'reader.fault',
  'scanner.fault',
  'outbox.stale',
  'disk.low',
  'config.drift',
  'config.failed',
] as const;
export type Fault = (typeof FAULTS)[number];

export const FleetKiosk = Type.Object({
  kioskId: Type.String(),
  site: Type.String(),
  state: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('unknown')]),
  /** When the current state began (the status message's own time). */
  since: Type.Union([Type.Integer(), Type.Null()]),
  /** 'shutdown' for a clean shutdown, 'connection lost' for the last will. */
  reason: Type.Union([Type.String(), Type.Null()]),
  lastSeen: Type.Union([Type.Integer(), Type.Null()]),
  disconnects24h: Type.Integer(),
  software: Type.Union([Type.String(), Type.Null()]),
  config: Type.Object({
    desired: Type.Union([Type.Integer(), Type.Null()]),
    reported: Type.Union([Type.Integer(), Type.Null()]),
    /** The kiosk's last verdict on a bundle: applied, rejected, rolled-back. */
    status: Type.Union([Type.String(), Type.Null()]),
  }),
  printer: Type.Object({ state: DeviceState, detail: Type.Union([Type.String(), Type.Null()]) }),
  reader: Type.Object({ state: DeviceState, detail: Type.Union([Type.String(), Type.Null()]) }),
  scanner: Type.Object({ state: DeviceState, detail: Type.Union([Type.String(), Type.Null()]) }),
  outbox: Type.Union([Type.Object({ depth: Type.Integer(), oldestAgeMs: Type.Integer() }), Type.Null()]),
  diskFreePercent: Type.Union([Type.Number(), Type.Null()]),
  telemetryTs: Type.Union([Type.Integer(), Type.Null()]),
  faults: Type.Array(Type.String()),
  openAlerts: Type.Integer(),
});
export type FleetKiosk = Static<typeof FleetKiosk>;

export const FleetList = Type.Object({ now: Type.Integer(), rows: Type.Array(FleetKiosk) });
export type FleetList = Static<typeof FleetList>;

export const HistoryEntry = Type.Object({
  ts: Type.Integer(),
  kind: Type.Union([
    Type.Literal('state'),
    Type.Literal('fault'),
    Type.Literal('fault-cleared'),
    Type.Literal('config'),
    Type.Literal('command'),
    Type.Literal('alert'),
  ]),
  summary: Type.String(),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type HistoryEntry = Static<typeof HistoryEntry>;

export const ALERT_RULES = [
  'offline',
  'paper',
  'outbox-age',
  'disk-low',
  'version-drift',
  'no-heartbeat',
] as const;
export type AlertRuleName = (typeof ALERT_RULES)[number];

export const FleetAlert = Type.Object({
  id: Type.Integer(),
  kioskId: Type.String(),
  site: Type.String(),
  rule: Type.String(),
  summary: Type.String(),
  raisedAt: Type.Integer(),
  clearedAt: Type.Union([Type.Integer(), Type.Null()]),
  ackedAt: Type.Union([Type.Integer(), Type.Null()]),
  ackedBy: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type FleetAlert = Static<typeof FleetAlert>;

/** With the SMS each alert sent the operators, by alert id, numbers masked. */
export const AlertList = Type.Object({ rows: Type.Array(FleetAlert), deliveries: Type.Optional(SmsByRef) });
export type AlertList = Static<typeof AlertList>;
export const AckAlertBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 500 }) });
export type AckAlertBody = Static<typeof AckAlertBody>;

export const CommandName = Type.Union(COMMAND_NAMES.map((n) => Type.Literal(n)));

/** One kiosk, a selection, or every kiosk of a site. */
export const CommandBody = Type.Object({
  name: CommandName,
  args: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  kiosks: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 5000 })),
  site: Type.Optional(Type.String({ minLength: 1 })),
  timeoutSec: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
});
export type CommandBody = Static<typeof CommandBody>;

export const CommandRunState = Type.Union([
  Type.Literal('sent'),
  Type.Literal('accepted'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('rejected'),
  Type.Literal('expired'),
  /** No final answer in time: it may still have run. */
  Type.Literal('unknown'),
  /** The kiosk was offline: nothing was sent (a command is never queued for later). */
  Type.Literal('not-sent'),
]);
export type CommandRunState = Static<typeof CommandRunState>;

export const FleetCommand = Type.Object({
  id: Type.Integer(),
  batchId: Type.Integer(),
  kioskId: Type.String(),
  name: Type.String(),
  state: CommandRunState,
  result: Type.Unknown(),
  error: Type.Union([Type.String(), Type.Null()]),
  by: Type.String(),
  sentAt: Type.Integer(),
  finishedAt: Type.Union([Type.Integer(), Type.Null()]),
  /** A collect-logs result that can be downloaded (masked). */
  hasLogs: Type.Boolean(),
});
export type FleetCommand = Static<typeof FleetCommand>;

export const CommandSummary = Type.Object({
  total: Type.Integer(),
  pending: Type.Integer(),
  succeeded: Type.Integer(),
  failed: Type.Integer(),
  unknown: Type.Integer(),
  notSent: Type.Integer(),
});
export type CommandSummary = Static<typeof CommandSummary>;

export const CommandBatch = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scope: Type.String(),
  by: Type.String(),
  at: Type.Integer(),
  summary: CommandSummary,
  commands: Type.Array(FleetCommand),
});
export type CommandBatch = Static<typeof CommandBatch>;

export const KioskDetail = Type.Object({
  kiosk: FleetKiosk,
  history: Type.Array(HistoryEntry),
  alerts: Type.Array(FleetAlert),
  commands: Type.Array(FleetCommand),
  rollouts: Type.Array(Type.Object({ id: Type.Integer(), state: Type.String(), version: Type.Integer() })),
});
export type KioskDetail = Static<typeof KioskDetail>;

export const RolloutStartBody = Type.Object({
  /** The sites (every kiosk of each), or an explicit list of kiosks; one of the two. */
  sites: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
  kiosks: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
  config: Type.Record(Type.String(), Type.Unknown()),
  /** The canary wave: these kiosks, or the first `canaryCount` of the target. */
  canary: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  canaryCount: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Percent of the target in the middle wave (the rest follow in the last wave). */
  sharePercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
  /** Halt when more than this share of a wave's kiosks fail, roll back or time out (0–1). */
  failureThreshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  waveTimeoutSec: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
  ttlDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type RolloutStartBody = Static<typeof RolloutStartBody>;

export const ROLLOUT_STATES = ['running', 'halted', 'completed', 'rolling-back', 'rolled-back'] as const;
export const ROLLOUT_KIOSK_STATES = [
  'waiting',
  'sent',
  'applied',
  'rejected',
  'rolled-back',
  'timeout',
  'reverting',
  'reverted',
] as const;

export const RolloutKiosk = Type.Object({
  kioskId: Type.String(),
  site: Type.String(),
  wave: Type.Integer(),
  state: Type.Union(ROLLOUT_KIOSK_STATES.map((s) => Type.Literal(s))),
  detail: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Integer(),
});
export type RolloutKiosk = Static<typeof RolloutKiosk>;

export const RolloutWave = Type.Object({
  index: Type.Integer(),
  name: Type.String(),
  size: Type.Integer(),
  startedAt: Type.Union([Type.Integer(), Type.Null()]),
  finishedAt: Type.Union([Type.Integer(), Type.Null()]),
  applied: Type.Integer(),
  failed: Type.Integer(),
});
export type RolloutWave = Static<typeof RolloutWave>;

export const Rollout = Type.Object({
  id: Type.Integer(),
  state: Type.Union(ROLLOUT_STATES.map((s) => Type.Literal(s))),
  version: Type.Integer(),
  /** The version published by a rollback (the last good configuration, re-signed above `version`). */
  rollbackVersion: Type.Union([Type.Integer(), Type.Null()]),
  scope: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.Integer(),
  finishedAt: Type.Union([Type.Integer(), Type.Null()]),
  currentWave: Type.Integer(),
  failureThreshold: Type.Number(),
  waveTimeoutSec: Type.Integer(),
  haltReason: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  waves: Type.Array(RolloutWave),
  kiosks: Type.Optional(Type.Array(RolloutKiosk)),
});
export type Rollout = Static<typeof Rollout>;

export const RolloutList = Type.Object({ rows: Type.Array(Rollout) });
export const HaltBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) });

export const PendingEnrolment = Type.Object({
  serial: Type.String(),
  siteId: Type.String(),
  requestedAt: Type.Integer(),
  approvedAt: Type.Union([Type.Integer(), Type.Null()]),
  approvedBy: Type.Union([Type.String(), Type.Null()]),
});
export const EnrolledKiosk = Type.Object({
  kioskId: Type.String(),
  siteId: Type.String(),
  serial: Type.String(),
  enrolledAt: Type.Integer(),
  notAfter: Type.Integer(),
  revokedAt: Type.Union([Type.Integer(), Type.Null()]),
});
export const EnrolmentList = Type.Object({
  pending: Type.Array(PendingEnrolment),
  kiosks: Type.Array(EnrolledKiosk),
});
export type EnrolmentList = Static<typeof EnrolmentList>;
export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) });

/** Server-sent events on GET /api/fleet/stream (`event:` name, JSON `data:`). */
export const FleetStreamKiosks = Type.Object({ rows: Type.Array(FleetKiosk) });
export const FleetStreamAlert = FleetAlert;
export const FleetStreamCommand = FleetCommand;
export const FleetStreamRollout = Type.Object({ id: Type.Integer(), state: Type.String() });
export const FLEET_STREAM_EVENTS = ['kiosks', 'alert', 'command', 'rollout'] as const;
