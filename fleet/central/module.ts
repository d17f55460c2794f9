/**
 * The console is assembled from modules: each brings its API routes (and names the pages the web
 * app shows for them), and the server gives every route the same login, role check, CSRF check
 * and audit. Fleet operations, data sharing and notifications plug in the same way.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TxEnvelope } from '../../contract/mqtt.ts';
import type { CentralDb, SqlRunner } from '../db/central-db.ts';
import type { ProjectionOptions } from '../projections/project-batch.ts';
import type { SupervisionPolicy } from '../supervision/policy.ts';
import type { AuditEntry } from './audit.ts';
import type { Permission } from './roles.ts';
import type { Session } from './sessions.ts';

/**
 * What central shares down to a centre when its own records change (data sharing plugs it in):
 * each call brings the kiosk's stream to what the records now say, inside the act's transaction,
 * and returns the publishing to run once that has committed.
 */
export interface SharedDown {
  noticesChanged(tx: SqlRunner, kioskId: string): Promise<() => void>;
  rectificationsChanged(tx: SqlRunner, kioskId: string, ratingIds: readonly string[]): Promise<() => void>;
  /** For ingest, in the batch's transaction: the centres' answers it recorded go back down. */
  onStored(tx: SqlRunner, stored: TxEnvelope[]): Promise<(() => void) | undefined>;
}

/** A booking taken at central, as the hook sees it (the mobile only in memory, for the notifier). */
export interface BookedAppointment {
  kioskId: string;
  bookingId: string;
  serviceId: string;
  day: string;
  slot: string;
  mobile?: string;
}

/** Told of central's bookings in the route's transaction (the SMS reminder, when notifications run). */
export interface AppointmentHooks {
  booked(tx: SqlRunner, booking: BookedAppointment): Promise<void>;
  cancelled(tx: SqlRunner, booking: { kioskId: string; bookingId: string }): Promise<void>;
}

export interface ConsoleContext {
  db: CentralDb;
  /** Set when data sharing runs: central's acts on notices and rectifications go down at once. */
  sharedDown?: SharedDown;
  /** Set when notifications run: central's bookings schedule (and cancel) their reminders. */
  appointments?: AppointmentHooks;
  projection: ProjectionOptions;
  supervision: SupervisionPolicy;
  /** The district's calendar day now ('YYYY-MM-DD'). */
  today(): string;
  /** Rows a streamed CSV reads per query (2000 unless set: a test sets it small to page often). */
  csvChunkRows?: number;
}

export interface RouteRequest {
  user: Session;
  /** For a changing route, the transaction its audit row commits in; otherwise the database. */
  db: SqlRunner;
  query: Record<string, string | undefined>;
  params: Record<string, string>;
  body: unknown;
  client: string;
  raw: FastifyRequest;
}

/** What a changing route reports for the audit log: its target and details (never a password). */
export interface AuditNote {
  target?: string;
  detail?: Record<string, unknown>;
}

export interface RouteResult {
  status?: number;
  /** JSON body, or a CSV/PDF download when `download` is set. */
  body?: unknown;
  /** `content` as pieces (an async iterable) is streamed to the client as they come. */
  download?: { filename: string; contentType: string; content: string | Buffer | AsyncIterable<string> };
  /** Runs once the route's transaction has committed (e.g. publish what the rows now record). */
  after?: () => void;
  /** A long-lived response (server-sent events): the server hands the raw response over. */
  stream?: (res: ServerResponse) => void;
  audit?: AuditNote;
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  permission: Permission;
  /** Audit action name; every non-GET route is audited, a GET only when it names one (exports). */
  audit?: string;
  handler(req: RouteRequest): Promise<RouteResult>;
}

export interface PageSpec {
  /** The web app's route, e.g. '/cases'. */
  path: string;
  permission: Permission;
  title: { zh: string; en: string };
}

export interface ConsoleModule {
  id: string;
  /** Data sharing's module brings the hooks central's own acts share down through. */
  sharedDown?: SharedDown;
  pages?: PageSpec[];
  routes(ctx: ConsoleContext): RouteSpec[];
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type AuditWriter = (entry: AuditEntry) => Promise<void>;
export type { FastifyReply };
