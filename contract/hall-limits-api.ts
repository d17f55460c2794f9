/**
 * The HTTP API's answers to abuse of the hall's LAN: staff issuing a card-less ticket by hand (past
 * the card-less limits) and the login attempts staff can read. Re-exported by contract/api.ts.
 */
import { type Static, Type } from '@sinclair/typebox';

export const hallLimitPaths = {
  /** POST {serviceId}: a staff session issues a card-less ticket by hand, past the card-less limits. */
  staffTickets: '/api/staff/tickets',
  /** GET ?before&limit: login attempts from the audit log, newest first, a page at a time (who, from which client, what happened). */
  staffLoginAudit: '/api/staff/audit/logins',
  /** GET: how many clients follow the state stream now, against the cap. */
  staffStreams: '/api/staff/streams',
} as const;

export const StreamClientsView = Type.Object({
  clients: Type.Integer({ minimum: 0 }),
  maxClients: Type.Integer({ minimum: 1 }),
});
export type StreamClientsView = Static<typeof StreamClientsView>;

export const StaffIssueTicketRequest = Type.Object(
  { serviceId: Type.String({ minLength: 1, maxLength: 32 }) },
  { additionalProperties: false },
);
export type StaffIssueTicketRequest = Static<typeof StaffIssueTicketRequest>;

/** Attempts alike (same account, client and outcome) within a second, counted together. */
export const LoginAttemptView = Type.Object({
  /** When the first of them happened. */
  ts: Type.Number(),
  /** The account name as typed. */
  username: Type.String(),
  /** `ip:ADDRESS`, or `device:ID` for a paired screen. */
  client: Type.String(),
  action: Type.Union([
    Type.Literal('login.ok'),
    Type.Literal('login.refused'),
    Type.Literal('login.throttled'),
    Type.Literal('login.busy'),
  ]),
  count: Type.Integer({ minimum: 1 }),
});
export type LoginAttemptView = Static<typeof LoginAttemptView>;

export const LoginAttemptList = Type.Object({
  attempts: Type.Array(LoginAttemptView),
  /** Pass as `before` for the older attempts; absent at the start of the log. */
  next: Type.Optional(Type.Integer({ minimum: 1 })),
});

/** A page of login attempts, newest first: `before` a cursor from the previous page. */
export const LoginAttemptQuery = Type.Object(
  {
    before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
  },
  { additionalProperties: false },
);
export type LoginAttemptQuery = Static<typeof LoginAttemptQuery>;
export type LoginAttemptList = Static<typeof LoginAttemptList>;
