/**
 * The central console's HTTP server (fastify): login, sessions, CSRF, throttling and audit for
 * every route the modules bring, and the built web app. Stateless apart from the database, so
 * several servers can run behind one address.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SqlRunner } from '../db/central-db.ts';
import { type AuditEntry, appendAudit } from './audit.ts';
import {
  type ConsoleContext,
  type ConsoleModule,
  HttpError,
  type RouteResult,
  type RouteSpec,
} from './module.ts';
import { type PasswordHasher, UNUSABLE_HASH } from './passwords.ts';
import { can, permissionsOf, ROLE_NAMES } from './roles.ts';
import {
  clearFailures,
  createSession,
  endSession,
  lockedFor,
  lookupSession,
  recordFailure,
  SESSION_COOKIE,
  type Session,
} from './sessions.ts';
import { findUserForLogin } from './users.ts';

export interface ConsoleServerOptions {
  ctx: ConsoleContext;
  modules: ConsoleModule[];
  hasher: PasswordHasher;
  /** Built web app (index.html, app.js, app.css); without it the API still serves. */
  webDir?: string;
  /** HTTPS: the session cookie is then also Secure. */
  https?: { key: Buffer; cert: Buffer };
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy?: boolean;
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function queryOf(req: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  }
  return out;
}

function send(reply: FastifyReply, result: RouteResult): FastifyReply {
  if (result.stream) {
    reply.hijack();
    reply.raw.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    result.stream(reply.raw);
    return reply;
  }
  if (result.download) {
    const { filename, contentType, content } = result.download;
    return reply
      .status(result.status ?? 200)
      .header('content-type', contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .header('cache-control', 'no-store')
      .send(typeof content === 'string' || Buffer.isBuffer(content) ? content : Readable.from(content));
  }
  return reply
    .status(result.status ?? 200)
    .header('cache-control', 'no-store')
    .send(result.body ?? { ok: true });
}

export async function buildConsoleServer(opts: ConsoleServerOptions): Promise<FastifyInstance> {
  const { ctx } = opts;
  const secure = Boolean(opts.https);
  const app = Fastify({
    logger: false,
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: 256 * 1024,
    ...(opts.https ? { https: opts.https } : {}),
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  await app.register(fastifyCookie);
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(SECURITY_HEADERS);
  });

  const audit = (db: SqlRunner, entry: AuditEntry) => appendAudit(db, entry);
  const auditAlone = (entry: AuditEntry) => ctx.db.transaction((tx) => appendAudit(tx, entry));

  const sessionOf = async (req: FastifyRequest): Promise<Session | undefined> => {
    const token = req.cookies[SESSION_COOKIE];
    return token ? lookupSession(ctx.db, token) : undefined;
  };

  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure };

  const pages = opts.modules.flatMap((m) => m.pages ?? []);

  app.post('/api/login', async (req, reply) => {
    const client = req.ip;
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const wait = await lockedFor(ctx.db, client);
    if (wait > 0) {
      await auditAlone({
        actor: username || '-',
        client,
        action: 'login',
        result: 'denied',
        detail: { why: 'throttled' },
      });
      return reply
        .status(429)
        .header('retry-after', String(Math.ceil(wait / 1000)))
        .send({
          code: 'login.throttled',
          error: `too many failed logins; try again in ${Math.ceil(wait / 60_000)} min`,
        });
    }
    const user = username ? await findUserForLogin(ctx.db, username) : undefined;
    // Verified against a dummy hash for unknown users, so the answer takes as long either way.
    const ok =
      (await opts.hasher.verify(password, user?.password_hash ?? UNUSABLE_HASH)) && user && !user.disabled;
    if (!ok || !user) {
      await recordFailure(ctx.db, client);
      await auditAlone({ actor: username || '-', client, action: 'login', result: 'denied' });
      return reply.status(401).send({ code: 'login.failed', error: 'wrong user name or password' });
    }
    await clearFailures(ctx.db, client);
    const { token } = await createSession(ctx.db, user.username, client);
    await auditAlone({ actor: user.username, role: user.role, client, action: 'login', result: 'ok' });
    return reply.setCookie(SESSION_COOKIE, token, cookieOptions).send({ ok: true });
  });

  app.get('/api/session', async (req, reply) => {
    const user = await sessionOf(req);
    if (!user) return reply.status(401).send({ code: 'auth.required', error: 'log in first' });
    return reply.header('cache-control', 'no-store').send({
      username: user.username,
      displayName: user.display_name,
      role: user.role,
      roleName: ROLE_NAMES[user.role],
      permissions: permissionsOf(user.role),
      csrfToken: user.csrf_token,
      pages: pages.filter((p) => can(user.role, p.permission)),
      today: ctx.today(),
    });
  });

  app.post('/api/logout', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    const user = await sessionOf(req);
    if (user && req.headers['x-csrf-token'] !== user.csrf_token) {
      return reply.status(403).send({ code: 'csrf', error: 'missing or wrong CSRF token' });
    }
    if (token) await endSession(ctx.db, token);
    if (user)
      await auditAlone({
        actor: user.username,
        role: user.role,
        client: req.ip,
        action: 'logout',
        result: 'ok',
      });
    return reply.clearCookie(SESSION_COOKIE, cookieOptions).send({ ok: true });
  });

  const mount = (spec: RouteSpec) => {
    const changes = spec.method !== 'GET';
    app.route({
      method: spec.method,
      url: spec.url,
      handler: async (req, reply) => {
        const user = await sessionOf(req);
        if (!user) return reply.status(401).send({ code: 'auth.required', error: 'log in first' });
        const base = { actor: user.username, role: user.role, client: req.ip };
        const action = spec.audit ?? `${spec.method} ${spec.url}`;
        if (changes && req.headers['x-csrf-token'] !== user.csrf_token) {
          await auditAlone({ ...base, action, result: 'denied', detail: { why: 'csrf' } });
          return reply.status(403).send({ code: 'csrf', error: 'missing or wrong CSRF token' });
        }
        if (!can(user.role, spec.permission)) {
          if (changes || spec.audit)
            await auditAlone({ ...base, action, result: 'denied', detail: { why: 'role' } });
          return reply
            .status(403)
            .send({ code: 'forbidden', error: `the ${user.role} role may not do this` });
        }
        const request = {
          user,
          query: queryOf(req),
          params: (req.params ?? {}) as Record<string, string>,
          body: req.body,
          client: req.ip,
          raw: req,
        };
        try {
          if (!changes) {
            const result = await spec.handler({ ...request, db: ctx.db });
            if (spec.audit) await auditAlone({ ...base, action, result: 'ok', ...result.audit });
            return send(reply, result);
          }
          const result = await ctx.db.transaction(async (tx) => {
            const r = await spec.handler({ ...request, db: tx });
            await audit(tx, { ...base, action, result: 'ok', ...r.audit });
            return r;
          });
          result.after?.();
          return send(reply, result);
        } catch (err) {
          const status = err instanceof HttpError ? err.status : ((err as { status?: number }).status ?? 500);
          const code = (err as { code?: string }).code ?? 'error';
          const message = status >= 500 ? 'the server could not do this' : (err as Error).message;
          if (status >= 500) req.log.error(err);
          if (changes)
            await auditAlone({ ...base, action, result: 'failed', detail: { code, error: message } });
          return reply.status(status).send({ code, error: message });
        }
      },
    });
  };
  for (const m of opts.modules) for (const r of m.routes(ctx)) mount(r);

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/'))
      return reply.status(404).send({ code: 'not-found', error: 'no such API' });
    // The web app routes by URL hash; anything else unknown gets the app's page.
    if (opts.webDir && existsSync(join(opts.webDir, 'index.html'))) return reply.sendFile('index.html');
    return reply
      .status(404)
      .type('text/plain; charset=utf-8')
      .send('the console web app is not built: npm run build');
  });
  if (opts.webDir && existsSync(opts.webDir)) {
    await app.register(fastifyStatic, { root: opts.webDir, prefix: '/', index: ['index.html'] });
  }
  return app;
}
