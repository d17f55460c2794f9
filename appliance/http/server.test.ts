/** The HTTP API over a real socket: validation, sessions, CSRF, and the counter actions. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestAppliance, type TestAppliance } from './test-appliance.ts';

let t: TestAppliance;
let base: string;
before(async () => {
  t = await startTestAppliance();
  base = t.running.url;
});
after(() => t.close());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  t.call(method, path, body, headers);

async function login() {
  const r = await call('POST', '/api/session', { username: 'clerk', password: 'counter-pass-1' });
  assert.equal(r.status, 200);
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  assert.match(r.headers.get('set-cookie')!, /HttpOnly; SameSite=Strict/);
  return { cookie, csrf: r.json.csrfToken as string };
}

test('bad requests get a 400 that names the problem; unknown services a 404', async () => {
  const kiosk = t.kiosk;
  const missing = await call('POST', '/api/tickets', { serviceId: 'consult' }, kiosk);
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.code, 'request.invalid');
  assert.match(missing.json.error.message, /withCard/);
  const extra = await call('POST', '/api/tickets', { serviceId: 'consult', withCard: false, hack: 1 }, kiosk);
  assert.equal(extra.status, 400);
  const unknown = await call('POST', '/api/tickets', { serviceId: 'nope', withCard: false }, kiosk);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.code, 'service.unknown');
  const noCard = await call('POST', '/api/tickets', { serviceId: 'consult', withCard: true }, kiosk);
  assert.equal(noCard.json.error.code, 'card.absent');
});

test('staff routes need a session, and writes need the CSRF token', async () => {
  assert.equal((await call('GET', '/api/staff/queue')).status, 401);
  const wrong = await call('POST', '/api/session', { username: 'clerk', password: 'nope-nope' });
  assert.equal(wrong.status, 401);
  const { cookie, csrf } = await login();
  assert.equal((await call('GET', '/api/staff/queue', undefined, { cookie })).status, 200);
  const noCsrf = await call('POST', '/api/staff/counters/w1/call-next', undefined, { cookie });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.json.error.code, 'auth.csrf');
  const ok = await call('POST', '/api/staff/counters/w1/call-next', undefined, {
    cookie,
    'x-csrf-token': csrf,
  });
  assert.equal(ok.status, 200);
});

test('the session cookie is read by name among other cookies, percent-decoded; logging out ends it', async () => {
  const { cookie, csrf } = await login();
  const [name, token] = cookie.split('=') as [string, string];
  assert.equal((await call('GET', '/api/session', undefined, { cookie: `a=1; ${cookie}; b=2` })).status, 200);
  const encoded = `${name}=${encodeURIComponent(token).replace(/-/g, '%2D')}`;
  assert.equal((await call('GET', '/api/session', undefined, { cookie: `a=1; ${encoded}` })).status, 200);
  assert.equal((await call('GET', '/api/session', undefined, { cookie: 'a=1; b=2' })).status, 401);
  const out = await call('DELETE', '/api/session', undefined, { cookie, 'x-csrf-token': csrf });
  assert.equal(out.status, 204);
  assert.match(
    out.headers.get('set-cookie') ?? '',
    new RegExp(`^${name}=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)`),
  );
  assert.equal((await call('GET', '/api/session', undefined, { cookie })).status, 401);
});

test('counter console: call, recall, transfer, no-show, pause', async () => {
  const { cookie, csrf } = await login();
  const h = { cookie, 'x-csrf-token': csrf };
  for (let i = 0; i < 2; i++) {
    assert.equal(
      (await call('POST', '/api/tickets', { serviceId: 'social-security', withCard: false }, t.kiosk)).status,
      201,
    );
  }
  const first = await call('POST', '/api/staff/counters/w3/call-next', undefined, h);
  assert.equal(first.json.ticket.status, 'called');
  const recalled = await call('POST', '/api/staff/counters/w3/recall', undefined, h);
  assert.equal(recalled.json.ticket.number, first.json.ticket.number);
  const state = (await call('GET', '/api/state')).json;
  assert.equal(state.calls[0].ticketNumber, first.json.ticket.number, 'the board gets the recall');
  const moved = await call(
    'POST',
    '/api/staff/counters/w3/transfer',
    { toCounterId: 'w2', position: 'front' },
    h,
  );
  assert.equal(moved.json.ticket.status, 'waiting');
  assert.equal(
    (await call('POST', '/api/staff/counters/w2/call-next', undefined, h)).json.ticket.number,
    first.json.ticket.number,
  );
  const gone = await call('POST', '/api/staff/counters/w2/no-show', undefined, h);
  assert.equal(gone.json.ticket.status, 'no-show');
  const idle = await call('POST', '/api/staff/counters/w2/no-show', undefined, h);
  assert.equal(idle.status, 409);
  assert.equal(idle.json.error.code, 'counter.idle');
  const paused = await call('POST', '/api/staff/counters/w1/pause', { paused: true }, h);
  assert.equal(paused.json.paused, true);
  const refused = await call('POST', '/api/staff/counters/w1/call-next', undefined, h);
  assert.equal(refused.json.error.code, 'counter.paused');
  assert.equal(
    (await call('GET', '/api/state')).json.counters.find((c: { id: string }) => c.id === 'w1').paused,
    true,
  );
  await call('POST', '/api/staff/counters/w1/pause', { paused: false }, h);
});

test('the screens say how to build them when they are missing', async () => {
  const res = await fetch(`${base}/kiosk/`);
  assert.equal(res.status, 503);
  assert.match(await res.text(), /npm run build/);
});

test('finish ends the serving ticket, so the same card may take a new number for that service', async () => {
  const { cookie, csrf } = await login();
  const h = { cookie, 'x-csrf-token': csrf };
  await call('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: false }, t.kiosk);
  const called = await call('POST', '/api/staff/counters/w2/call-next', undefined, h);
  assert.equal(called.json.ticket.status, 'called');
  const finished = await call('POST', '/api/staff/counters/w2/finish', undefined, h);
  assert.equal(finished.json.ticket.status, 'done');
  assert.equal(finished.json.ticket.number, called.json.ticket.number);
  assert.equal(
    (await call('POST', '/api/staff/counters/w2/finish', undefined, h)).json.error.code,
    'counter.idle',
  );
});
