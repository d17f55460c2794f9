import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleTicket } from '../test-support/fixtures.ts';
import { ApiClientError, createApiClient, type FetchLike } from './api-client.ts';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function fakeFetch(respond: (seen: Seen) => Response): { fetch: FetchLike; seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    fetch: async (url, init) => {
      const s: Seen = {
        url,
        method: init?.method ?? 'GET',
        headers: (init?.headers ?? {}) as Record<string, string>,
        body: init?.body as string | undefined,
      };
      seen.push(s);
      return respond(s);
    },
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

test('takeTicket posts the request and returns the ticket', async () => {
  const f = fakeFetch(() => json(201, { ticket: sampleTicket(), printed: true }));
  const api = createApiClient(f.fetch);
  const res = await api.takeTicket({ serviceId: 'social', withCard: true });
  assert.equal(res.ticket.number, 'A001');
  assert.equal(f.seen[0]!.url, '/api/tickets');
  assert.equal(f.seen[0]!.method, 'POST');
  assert.deepEqual(JSON.parse(f.seen[0]!.body!), { serviceId: 'social', withCard: true });
});

test('an ApiError body becomes ApiClientError with its code and status', async () => {
  const f = fakeFetch(() => json(409, { error: { code: 'ticket.duplicate', message: '已有号码' } }));
  const api = createApiClient(f.fetch);
  await assert.rejects(api.takeTicket({ serviceId: 'social', withCard: false }), (err: unknown) => {
    assert.ok(err instanceof ApiClientError);
    assert.equal(err.code, 'ticket.duplicate');
    assert.equal(err.status, 409);
    assert.equal(err.message, '已有号码');
    return true;
  });
});

test('a non-JSON error and a network failure are typed too', async () => {
  const broken = createApiClient(
    fakeFetch(() => new Response('oops', { status: 502, statusText: 'Bad Gateway' })).fetch,
  );
  await assert.rejects(broken.staffQueue(), { code: 'http.502', status: 502 });
  const down = createApiClient(async () => {
    throw new TypeError('Failed to fetch');
  });
  await assert.rejects(down.staffQueue(), { code: 'network.unreachable', status: 0 });
});

test('the CSRF token from login is sent on staff writes and dropped on logout', async () => {
  const f = fakeFetch((s) => {
    if (s.method === 'POST' && s.url === '/api/session')
      return json(200, { username: 'wang', role: 'staff', csrfToken: 'tok-1' });
    if (s.url.endsWith('/call-next')) return json(200, { ticket: null });
    if (s.method === 'DELETE') return new Response(null, { status: 204 });
    return json(404, { error: { code: 'x', message: 'x' } });
  });
  const api = createApiClient(f.fetch);
  await api.callNext('c1');
  assert.equal(f.seen[0]!.headers['x-csrf-token'], undefined, 'no token before login');
  await api.login({ username: 'wang', password: 'synthetic-pw' });
  await api.callNext('c 3');
  const call = f.seen[2]!;
  assert.equal(call.url, '/api/staff/counters/c%203/call-next');
  assert.equal(call.headers['x-csrf-token'], 'tok-1');
  await api.logout();
  assert.equal(f.seen[3]!.headers['x-csrf-token'], 'tok-1');
  await api.callNext('c1');
  assert.equal(f.seen[4]!.headers['x-csrf-token'], undefined);
});

test('getSession returns null on 401 and keeps the token otherwise', async () => {
  const none = createApiClient(
    fakeFetch(() => json(401, { error: { code: 'session.none', message: 'no' } })).fetch,
  );
  assert.equal(await none.getSession(), null);
  const f = fakeFetch((s) =>
    s.method === 'GET'
      ? json(200, { username: 'li', role: 'admin', csrfToken: 'tok-2' })
      : json(200, { ticket: null }),
  );
  const api = createApiClient(f.fetch);
  assert.equal((await api.getSession())?.username, 'li');
  await api.callNext('c1');
  assert.equal(f.seen[1]!.headers['x-csrf-token'], 'tok-2');
  const failing = createApiClient(
    fakeFetch(() => json(500, { error: { code: 'internal', message: 'x' } })).fetch,
  );
  await assert.rejects(failing.getSession(), { code: 'internal' });
});

test('staff writes carry the CSRF token and their body; resident calls carry none', async () => {
  const f = fakeFetch((s) => {
    if (s.url === '/api/session') return json(200, { username: 'wang', role: 'staff', csrfToken: 'tok-3' });
    return json(404, { error: { code: 'case.unknown', message: `${s.method} ${s.url}` } });
  });
  const api = createApiClient(f.fetch);
  await api.login({ username: 'wang', password: 'synthetic-pw' });
  await assert.rejects(api.recall('c1'), { code: 'case.unknown', status: 404 });
  await assert.rejects(api.transfer('c1', { toCounterId: 'c3', position: 'front' }), { status: 404 });
  await assert.rejects(api.setPaused('c1', true), { status: 404 });
  await assert.rejects(api.rate({ ticketNumber: 'A001', score: 5 }), { status: 404 });
  await assert.rejects(api.acceptCase({ ticketId: 't1', itemId: 'i1', materials: ['户口簿'] }), {
    status: 404,
  });
  await assert.rejects(api.caseAction('k/1', 'refuse', { reason: '材料不符' }), { status: 404 });
  await assert.rejects(api.caseAction('k1', 'complete'), { status: 404 });
  await assert.rejects(api.report('2026-11-27'), { status: 404 });
  const [, recall, transfer, pause, rate, accept, refuse, complete, report] = f.seen;
  assert.equal(recall!.url, '/api/staff/counters/c1/recall');
  assert.equal(recall!.headers['x-csrf-token'], 'tok-3');
  assert.deepEqual(JSON.parse(transfer!.body!), { toCounterId: 'c3', position: 'front' });
  assert.deepEqual(JSON.parse(pause!.body!), { paused: true });
  assert.equal(rate!.url, '/api/ratings');
  assert.equal(rate!.headers['x-csrf-token'], undefined, 'resident calls carry no staff token');
  assert.equal(accept!.url, '/api/staff/cases');
  assert.equal(accept!.headers['x-csrf-token'], 'tok-3');
  assert.equal(refuse!.url, '/api/staff/cases/k%2F1/refuse');
  assert.deepEqual(JSON.parse(refuse!.body!), { reason: '材料不符' });
  assert.deepEqual(JSON.parse(complete!.body!), {}, 'an action without details still sends a JSON body');
  assert.equal(report!.method, 'GET');
  assert.equal(report!.url, '/api/staff/report?day=2026-11-27');
});
