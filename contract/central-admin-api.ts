/**
 * The central console's fleet and administration pages in its HTTP API: kiosk health (终端状态),
 * the audit log with its CSV and hash-chain check (审计日志), console users (用户管理, admins), and
 * the directory of names for the identifiers transactions carry. Answers may gain fields.
 */
import { type Static, Type } from '@sinclair/typebox';
import { CentralRole } from './central-api.ts';
import { Nullable, Paged } from './central-shared.ts';

export const centralAdminPaths = {
  kiosks: '/api/kiosks',
  audit: '/api/audit',
  auditCsv: '/api/audit.csv',
  auditVerify: '/api/audit/verify',
  users: '/api/users',
  user: (username: string) => `/api/users/${encodeURIComponent(username)}`,
  userPassword: (username: string) => `/api/users/${encodeURIComponent(username)}/password`,
  directory: '/api/directory',
} as const;

/** What the page shows of a kiosk's last telemetry; the kiosk may send more. */
export const KioskTelemetry = Type.Object(
  {
    printer: Type.Optional(Type.Object({ state: Type.String() })),
    reader: Type.Optional(Type.Object({ state: Type.String() })),
    outbox: Type.Optional(Type.Object({ depth: Type.Number(), oldestAgeMs: Type.Number() })),
    queue: Type.Optional(Type.Object({ waiting: Type.Number() })),
  },
  { additionalProperties: true },
);
export type KioskTelemetry = Static<typeof KioskTelemetry>;

/** One kiosk as ingest last heard it (status, telemetry; times in epoch ms) and its alarms of the last day. */
export const KioskHealthRow = Type.Object({
  kiosk_id: Type.String(),
  state: Nullable(Type.String()),
  status_ts: Nullable(Type.Number()),
  version: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  telemetry: Nullable(KioskTelemetry),
  telemetry_ts: Nullable(Type.Number()),
  last_seen: Type.Number(),
  alarms_24h: Type.Integer({ minimum: 0 }),
});
export type KioskHealthRow = Static<typeof KioskHealthRow>;

export const KioskHealthResponse = Type.Object({ rows: Type.Array(KioskHealthRow) });
export type KioskHealthResponse = Static<typeof KioskHealthResponse>;

export const AuditResult = Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')]);

/** One act in the append-only log; each row's hash covers its content and the row before's hash. */
export const AuditLogRow = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  role: Nullable(Type.String()),
  client: Nullable(Type.String()),
  action: Type.String(),
  target: Nullable(Type.String()),
  result: AuditResult,
  detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
  prev_hash: Type.String(),
  hash: Type.String(),
});
export type AuditLogRow = Static<typeof AuditLogRow>;

/** Newest first, one page; filters: actor, action (prefix), result, from, to (days), q (text). */
export const AuditLogResponse = Paged(AuditLogRow);
export type AuditLogResponse = Static<typeof AuditLogResponse>;

/** The chain checked from the first row: `brokenAt` is the first row whose hash does not follow. */
export const AuditVerifyResponse = Type.Object({
  rows: Type.Integer({ minimum: 0 }),
  brokenAt: Nullable(Type.Integer()),
});
export type AuditVerifyResponse = Static<typeof AuditVerifyResponse>;

export const ConsoleUserRow = Type.Object({
  username: Type.String(),
  display_name: Type.String(),
  role: CentralRole,
  disabled: Type.Boolean(),
});
export type ConsoleUserRow = Static<typeof ConsoleUserRow>;

export const UserListResponse = Type.Object({ rows: Type.Array(ConsoleUserRow) });
export type UserListResponse = Static<typeof UserListResponse>;

/** POST /api/users (201 with the new user's row). */
export const NewUserRequest = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  role: CentralRole,
  password: Type.String(),
});
export type NewUserRequest = Static<typeof NewUserRequest>;

/** PATCH /api/users/:username: a new role, or disabled / enabled again. */
export const UserChangeRequest = Type.Object({
  role: Type.Optional(CentralRole),
  disabled: Type.Optional(Type.Boolean()),
});
export type UserChangeRequest = Static<typeof UserChangeRequest>;

/** POST /api/users/:username/password. */
export const PasswordRequest = Type.Object({ password: Type.String() });
export type PasswordRequest = Static<typeof PasswordRequest>;

export const DirectoryKind = Type.Union([
  Type.Literal('centre'),
  Type.Literal('service'),
  Type.Literal('item'),
  Type.Literal('counter'),
]);
export type DirectoryKind = Static<typeof DirectoryKind>;

/** A name for an identifier: counters are per centre (`kiosk_id`), the rest district-wide (''). */
export const DirectoryRow = Type.Object({
  kind: DirectoryKind,
  kiosk_id: Type.String(),
  id: Type.String(),
  name: Type.String(),
  name_en: Nullable(Type.String()),
});
export type DirectoryRow = Static<typeof DirectoryRow>;

export const DirectoryResponse = Type.Object({ rows: Type.Array(DirectoryRow) });
export type DirectoryResponse = Static<typeof DirectoryResponse>;
