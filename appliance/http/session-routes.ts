/** Staff sessions: log in (HttpOnly, SameSite=Strict cookie via @fastify/cookie, plus a CSRF token), who am I, log out. */
import { apiPaths, LoginRequest, SessionView } from '../../contract/api.ts';
import type { RouteContext } from './routes.ts';
import { SESSION_COOKIE, type StaffAuth } from './staff-auth.ts';

const COOKIE = { httpOnly: true, sameSite: 'strict', path: '/' } as const;

export function registerSessionRoutes({ app, staff, secure }: RouteContext, auth: StaffAuth): void {
  // Over TLS the session cookie is never sent back over plain HTTP.
  const cookie = { ...COOKIE, secure };
  app.post<{ Body: LoginRequest }>(
    apiPaths.session,
    { schema: { body: LoginRequest, response: { 200: SessionView } } },
    async (req, reply) => {
      const { token, view } = await auth.login(req.body.username, req.body.password);
      reply.setCookie(SESSION_COOKIE, token, cookie);
      return view;
    },
  );
  app.get(apiPaths.session, { schema: { response: { 200: SessionView } } }, (req) => staff(req, false));
  app.delete(apiPaths.session, (req, reply) => {
    staff(req, true);
    auth.logout(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, cookie);
    return reply.code(204).send();
  });
}
