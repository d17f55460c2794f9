/**
 * The console is assembled from modules: each brings its API routes (and names the pages the web
 * app shows for them), and the server gives every route the same login, role check, CSRF check
 * and audit. Fleet operations, data sharing and notifications plug in the same way.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CentralDb, SqlRunner } from '../db/central-db.ts';
import type { ProjectionOptions } from '../projections/project-batch.ts';
import type { SupervisionPolicy } from '../supervision/policy.ts';
import type { AuditEntry } from './audit.ts';
import type { Permission } from './roles.ts';
import type { Session } from './sessions.ts';

export interface ConsoleContext {
  db: CentralDb;
  projection: ProjectionOptions;
  supervision: SupervisionPolicy;
  /** The district's calendar day now ('YYYY-MM-DD'). */
  today(): string;
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
