/** Serves the built screens from kiosk-ui/dist: /kiosk/, /admin/, /board/. */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export const UI_APPS = ['kiosk', 'admin', 'board'] as const;

export function registerStaticUi(app: FastifyInstance, distDir: string): void {
  app.get('/', (_req, reply) => reply.redirect('/kiosk/'));
  for (const name of UI_APPS) {
    app.get(`/${name}`, (_req, reply) => reply.redirect(`/${name}/`));
    app.get(`/${name}/*`, async (req, reply) => {
      const rest = (req.params as { '*': string })['*'] || 'index.html';
      const relative = normalize(rest).replace(/^(\.\.[/\\])+/, '');
      const path = join(distDir, name, relative);
      if (!path.startsWith(join(distDir, name))) return reply.code(404).send();
      try {
        const body = await readFile(path);
        return reply
          .type(TYPES[extname(path)] ?? 'application/octet-stream')
          .header('cache-control', relative === 'index.html' ? 'no-cache' : 'public, max-age=300')
          .send(body);
      } catch {
        if (relative === 'index.html') {
          return reply
            .code(503)
            .type('text/plain; charset=utf-8')
            .send('The screens are not built yet: run `npm run build` (or `npx shequ build-ui`).');
        }
        return reply.code(404).send();
      }
    });
  }
}
