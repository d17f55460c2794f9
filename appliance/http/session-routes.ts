/**
 * Staff sessions: log in (HttpOnly, SameSite=Strict cookie via @fastify/cookie, plus a CSRF token),
 * who am I, log out; and the login attempts staff can read back from the audit log. Every attempt
 * that reached a password check is recorded; refusals by the throttle once a minute per client, so
 * a flood cannot turn into a flood of fsyncs.
 */
import {
  apiPaths,
  hallLimitPaths,
  LoginAttemptList,
  type LoginAttemptView,
  LoginRequest,
  SessionView,
} from '../../contract/api.ts';
import { ApplianceError } from '../core/errors.ts';
import { KeyedBuckets } from '../limits/keyed-buckets.ts';
import { withRetryAfter } from '../limits/throttled.ts';
import { clientKey } from './device-guard.ts';
import type { RouteContext } from './routes.ts';
import { SESSION_COOKIE, type StaffAuth } from './staff-auth.ts';

const COOKIE = { httpOnly: true, sameSite: 'strict', path: '/' } as const;
const LOGIN_ACTIONS = new Set<string>(['login.ok', 'login.refused', 'login.throttled', 'login.busy']);

export function registerSessionRoutes(ctx: RouteContext, auth: StaffAuth): void {
  // Over TLS the session cookie is never sent back over plain HTTP.
  const cookie = { ...COOKIE, secure: ctx.secure };
  const { app, staff, core, devices } = ctx;
  const quietly = new KeyedBuckets({ burst: 1, perMinute: 1 });
  const record = (action: LoginAttemptView['action'], username: string, detail: string) =>
    core.audit
      .append({ ts: Date.now(), staff: username, action, subjectRef: '', detail })
      .catch((err: Error) =>
        core.log.add('error', 'audit', `a login attempt was not recorded: ${err.message}`),
      );

  app.post<{ Body: LoginRequest }>(
    apiPaths.session,
    { schema: { body: LoginRequest, response: { 200: SessionView } } },
    async (req, reply) => {
      const client = clientKey(devices, req);
      const { username, password } = req.body;
      try {
        const { token, view } = await withRetryAfter(reply, () => auth.login(username, password, client));
        await record('login.ok', username, `from ${client}`);
        reply.setCookie(SESSION_COOKIE, token, cookie);
        return view;
      } catch (err) {
        if (!(err instanceof ApplianceError)) throw err;
        if (err.code === 'auth.refused') await record('login.refused', username, `from ${client}`);
        else if (err.code === 'auth.throttled' && quietly.take(`throttled|${client}`).ok)
          await record(
            'login.throttled',
            username,
            `from ${client}: ${err.message} (recorded once a minute)`,
          );
        else if (err.code === 'auth.busy' && quietly.take('busy').ok)
          await record(
            'login.busy',
            username,
            `from ${client}: too many logins at once (recorded once a minute)`,
          );
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
  app.get(hallLimitPaths.staffLoginAudit, { schema: { response: { 200: LoginAttemptList } } }, (req) => {
    staff(req, false);
    const attempts = core.audit
      .entries()
      .filter((e) => LOGIN_ACTIONS.has(e.action))
      .slice(-200)
      .reverse()
      .map((e) => ({
        ts: e.ts,
        username: e.staff,
        action: e.action as LoginAttemptView['action'],
        detail: e.detail ?? '',
      }));
    return { attempts };
  });
}
