/**
 * Staff sessions: log in (HttpOnly, SameSite=Strict cookie via @fastify/cookie, plus a CSRF token),
 * who am I, log out; and the login attempts staff can read back from the audit log (gathered and
 * written once a second, see LoginAudit). A throttled try is answered only after a second, so a
 * client keeping many tries in flight gets few answers.
 */
import { setTimeout } from 'node:timers/promises';
import {
  apiPaths,
  hallLimitPaths,
  LoginAttemptList,
  LoginAttemptQuery,
  type LoginAttemptView,
  LoginRequest,
  SessionView,
} from '../../contract/api.ts';
import { ApplianceError } from '../core/errors.ts';
import { LOGIN_AUDIT_ACTION, LoginAudit, type LoginOutcome, loginGroups } from '../limits/login-audit.ts';
import { withRetryAfter } from '../limits/throttled.ts';
import { clientKey } from './device-guard.ts';
import type { RouteContext } from './routes.ts';
import { SESSION_COOKIE, type StaffAuth } from './staff-auth.ts';

const COOKIE = { httpOnly: true, sameSite: 'strict', path: '/' } as const;
const THROTTLED_ANSWER_MS = 1000;
/** Login attempts a page holds (whole audit lines, so a page may hold a few more). */
const PAGE_ATTEMPTS = 100;
const MAX_PAGE_ATTEMPTS = 500;
/** The audit log is read backwards this much at a time, and at most READ_BUDGET a request. */
const SLICE_BYTES = 64 * 1024;
const READ_BUDGET = 1024 * 1024;
const OUTCOMES: Record<string, LoginOutcome> = {
  'auth.refused': 'login.refused',
  'auth.throttled': 'login.throttled',
  'auth.busy': 'login.busy',
};

export function registerSessionRoutes(ctx: RouteContext, auth: StaffAuth): void {
  // Over TLS the session cookie is never sent back over plain HTTP.
  const cookie = { ...COOKIE, secure: ctx.secure };
  const { app, staff, core, devices } = ctx;
  const attempts = new LoginAudit(core.audit, (err) =>
    core.log.add('error', 'audit', `login attempts were not recorded: ${err.message}`),
  );
  app.addHook('onClose', () => attempts.flush());

  app.post<{ Body: LoginRequest }>(
    apiPaths.session,
    { schema: { body: LoginRequest, response: { 200: SessionView } } },
    async (req, reply) => {
      const client = clientKey(devices, req);
      const { username, password } = req.body;
      try {
        const { token, view } = await withRetryAfter(reply, () => auth.login(username, password, client));
        attempts.add('login.ok', username, client);
        reply.setCookie(SESSION_COOKIE, token, cookie);
        return view;
      } catch (err) {
        const outcome = err instanceof ApplianceError ? OUTCOMES[err.code] : undefined;
        if (outcome) attempts.add(outcome, username, client);
        if (outcome === 'login.throttled') await setTimeout(THROTTLED_ANSWER_MS);
        throw err;
      }
    },
  );
  app.get(apiPaths.session, { schema: { response: { 200: SessionView } } }, (req) => staff(req, false));
  app.delete(apiPaths.session, (req, reply) => {
    staff(req, true);
    auth.logout(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, cookie);
    return reply.code(204).send();
  });
  app.get<{ Querystring: LoginAttemptQuery }>(
    hallLimitPaths.staffLoginAudit,
    { schema: { querystring: LoginAttemptQuery, response: { 200: LoginAttemptList } } },
    async (req) => {
      staff(req, false);
      const limit = Math.min(Number(req.query.limit ?? PAGE_ATTEMPTS), MAX_PAGE_ATTEMPTS);
      const attempts: LoginAttemptView[] = [];
      // Backwards from the end a slice at a time, never more than READ_BUDGET bytes a request.
      // A page stops before the line that would take it past `limit` (one line is never split).
      let before: number | null = req.query.before ? Number(req.query.before) : null;
      let read = 0;
      let full = false;
      do {
        const slice = await core.audit.readBack({
          ...(before ? { before } : {}),
          maxBytes: SLICE_BYTES,
          widenTo: READ_BUDGET,
        });
        read += slice.read;
        before = slice.next;
        for (const [i, entry] of slice.entries.entries()) {
          if (entry.action !== LOGIN_AUDIT_ACTION) continue;
          const groups = loginGroups(entry.detail).reverse();
          if (attempts.length > 0 && attempts.length + groups.length > limit) {
            before = slice.ends[i]!;
            full = true;
            break;
          }
          attempts.push(...groups);
        }
      } while (!full && before !== null && attempts.length < limit && read < READ_BUDGET);
      return { attempts, ...(before !== null ? { next: before } : {}) };
    },
  );
}
