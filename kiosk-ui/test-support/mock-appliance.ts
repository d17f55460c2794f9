/**
 * A stand-in for the appliance's HTTP server, for driving the built screens in Chromium:
 * serves dist/<app>/ and the API of contract/api.ts (SSE included) on 127.0.0.1, port 0.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { apiPaths, CSRF_HEADER, type PublicState, type SessionView } from '../../contract/api.ts';
import { MockApiError, MockQueue } from './mock-queue.ts';

export const MOCK_STAFF = { username: 'wang', password: 'synthetic-pass-1' } as const;

export interface MockAppliance {
  url: string;
  queue: MockQueue;
  /** Change the public state and push it to every open SSE stream. */
  update(change: (state: PublicState) => void): void;
  /** While down, open streams are cut and new ones refused with 503. */
  setStreamDown(down: boolean): void;
  close(): Promise<void>;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startMockAppliance(distDir: string, queue = new MockQueue()): Promise<MockAppliance> {
  const streams = new Set<ServerResponse>();
  const sessions = new Map<string, SessionView>();
  let streamDown = false;

  const push = (res: ServerResponse) => res.write(`event: state\ndata: ${JSON.stringify(queue.state)}\n\n`);
  const broadcast = () => {
    for (const res of streams) push(res);
  };
  const sessionOf = (req: IncomingMessage) => {
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    return sid ? sessions.get(sid) : undefined;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === apiPaths.state) return sendJson(res, 200, queue.state);
    if (method === 'GET' && path === apiPaths.events) {
      if (streamDown) return sendJson(res, 503, { error: { code: 'stream.down', message: 'down' } });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return push(res);
    }
    if (method === 'POST' && path === apiPaths.tickets) {
      const body = (await readBody(req)) as { serviceId: string; withCard: boolean };
      const result = queue.take(body.serviceId, body.withCard);
      sendJson(res, 201, result);
      return broadcast();
    }
    if (path === apiPaths.session) {
      if (method === 'POST') {
        const body = (await readBody(req)) as { username: string; password: string };
        if (body.username !== MOCK_STAFF.username || body.password !== MOCK_STAFF.password) {
          return sendJson(res, 401, { error: { code: 'auth.invalid', message: '用户名或密码错误' } });
        }
        const sid = randomBytes(12).toString('hex');
        const session: SessionView = {
          username: body.username,
          role: 'staff',
          csrfToken: randomBytes(12).toString('hex'),
        };
        sessions.set(sid, session);
        res.setHeader('set-cookie', `sid=${sid}; HttpOnly; Path=/; SameSite=Strict`);
        return sendJson(res, 200, session);
      }
      const session = sessionOf(req);
      if (!session) return sendJson(res, 401, { error: { code: 'session.none', message: '未登录' } });
      if (method === 'GET') return sendJson(res, 200, session);
      if (method === 'DELETE') {
        for (const [sid, s] of sessions) if (s === session) sessions.delete(sid);
        res.writeHead(204).end();
        return;
      }
    }
    const session = sessionOf(req);
    if (path.startsWith('/api/staff/') && !session) {
      return sendJson(res, 401, { error: { code: 'session.none', message: '未登录' } });
    }
    if (method === 'GET' && path === apiPaths.staffQueue)
      return sendJson(res, 200, { tickets: queue.tickets });
    const callNext = /^\/api\/staff\/counters\/([^/]+)\/call-next$/.exec(path);
    if (method === 'POST' && callNext && session) {
      if (req.headers[CSRF_HEADER] !== session.csrfToken) {
        return sendJson(res, 403, { error: { code: 'csrf.invalid', message: 'CSRF token missing' } });
      }
      sendJson(res, 200, queue.callNext(decodeURIComponent(callNext[1]!)));
      return broadcast();
    }
    sendJson(res, 404, { error: { code: 'route.unknown', message: `${method} ${path}` } });
  };

  const handleStatic = async (res: ServerResponse, path: string) => {
    if (path === '/') {
      res.writeHead(302, { location: '/kiosk/' }).end();
      return;
    }
    const file = normalize(join(distDir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(distDir)) return sendJson(res, 403, { error: { code: 'path', message: 'no' } });
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      sendJson(res, 404, { error: { code: 'not-found', message: path } });
    }
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const work = path.startsWith('/api/') ? handleApi(req, res, path) : handleStatic(res, path);
    work.catch((err: unknown) => {
      if (err instanceof MockApiError)
        return sendJson(res, err.status, { error: { code: err.code, message: err.message } });
      sendJson(res, 500, { error: { code: 'internal', message: String(err) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    queue,
    update(change) {
      change(queue.state);
      broadcast();
    },
    setStreamDown(down) {
      streamDown = down;
      if (down) for (const res of streams) res.destroy();
    },
    async close() {
      for (const res of streams) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
