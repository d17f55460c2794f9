/** Serves the built screens from kiosk-ui/dist (@fastify/static): /kiosk/, /admin/, /board/, /rating/. */
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './routes.ts';

export const UI_APPS = ['kiosk', 'admin', 'board', 'rating'] as const;

const APP_INDEX = new RegExp(`^/(${UI_APPS.join('|')})/(index\\.html)?(\\?.*)?$`);

export async function registerStaticUi(app: FastifyInstance, distDir: string): Promise<void> {
  app.get('/', (_req, reply) => reply.redirect('/kiosk/'));
  for (const [i, name] of UI_APPS.entries()) {
    await app.register(fastifyStatic, {
      root: join(distDir, name),
      prefix: `/${name}/`,
      decorateReply: i === 0,
      redirect: true,
      index: 'index.html',
      cacheControl: false,
      suppressWarning: true,
      // The page itself is always revalidated (it names the current bundle); its assets may be cached.
      setHeaders: (reply, path) =>
        reply.header('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=300'),
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && APP_INDEX.test(req.url)) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The screens are not built yet: run `npm run build` (or `npx shequ build-ui`).');
    }
    return reply.code(404).send(errorBody('route.unknown', `no ${req.method} ${req.url.split('?')[0]}`));
  });
}
