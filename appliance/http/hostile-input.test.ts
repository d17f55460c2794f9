/**
 * Whatever a client on the hall's LAN sends, the appliance answers 4xx with a message, never 5xx:
 * a bounded, seeded fuzz over every route it serves — garbage and malformed cookies, wrong content
 * types, broken, odd and oversized bodies, odd path parameters, an unknown simulated card.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEVICE_COOKIE } from '../../contract/api.ts';
import { SESSION_COOKIE } from './staff-auth.ts';
import { startTestAppliance, type TestAppliance } from './test-appliance.ts';

let t: TestAppliance;
before(async () => {
  t = await startTestAppliance(undefined, { simulated: true });
});
after(() => t.close());

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(12);
const junk = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));

const COOKIES = [
  `${SESSION_COOKIE}=${Buffer.from(junk(24)).toString('base64url')}`,
  `${SESSION_COOKIE}=%E0%A4%A; ${DEVICE_COOKIE}=%%%`,
  `${DEVICE_COOKIE}=${'A'.repeat(4000)}`,
  '=;;;=; ;',
  `${SESSION_COOKIE}="unterminated; ${DEVICE_COOKIE}=\\u0000`,
  `${SESSION_COOKIE}=a; ${SESSION_COOKIE}=b; ${DEVICE_COOKIE}=c; ${DEVICE_COOKIE}=d`,
];

const BODIES: Array<{ type: string; body: string | Uint8Array<ArrayBuffer> }> = [
  { type: 'application/json', body: '{' },
  { type: 'application/json', body: 'null' },
  { type: 'application/json', body: '[1,2,3]' },
  { type: 'application/json', body: '"text"' },
  { type: 'application/json', body: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}' },
  { type: 'application/json', body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { type: 'application/json', body: JSON.stringify({ pad: 'x'.repeat(70 * 1024) }) },
  {
    type: 'application/json',
    body: JSON.stringify({ serviceId: 1e308, withCard: 'yes', card: ['..'], score: -1 }),
  },
  { type: 'application/json; charset=latin1', body: '{"withCard":false}' },
  { type: 'text/plain', body: 'hello' },
  { type: 'application/xml', body: '<a/>' },
  { type: 'multipart/form-data; boundary=x', body: '--x\r\n\r\n--x--' },
  { type: 'application/x-www-form-urlencoded', body: 'a=1&b=%ZZ' },
  { type: 'application/octet-stream', body: junk(512) },
  { type: 'image/jpeg', body: junk(2048) },
];

const PARAMS = ['x', '..%2F..%2Fetc%2Fpasswd', '%00', 'A001', 'w1', 'w9', '%E0%A4%A', '9'.repeat(300)];

function fill(url: string): string {
  return url.replace(/:[A-Za-z]+/g, () => PARAMS[Math.floor(random() * PARAMS.length)]!).replace(/\*$/, 'x');
}

async function send(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> },
) {
  const res = await fetch(t.running.url + path, {
    method,
    headers: init.headers ?? {},
    ...(init.body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body: init.body } : {}),
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  // The state stream stays open: its status and headers are the answer.
  const isStream = (res.headers.get('content-type') ?? '').includes('text/event-stream');
  if (isStream) await res.body?.cancel();
  const text = isStream ? '' : await res.text();
  return { status: res.status, text, type: res.headers.get('content-type') ?? '' };
}

test('every route answers garbage cookies, wrong content types and odd bodies with 4xx and a message, never 5xx', async () => {
  const routes = t.running.routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
  assert.ok(routes.length >= 40, `the server's routes are all walked (${routes.length})`);
  assert.ok(routes.some((r) => r.url === '/api/cases/lookup'));
  const failures: string[] = [];
  let requests = 0;
  for (const route of routes) {
    // A GET has no body to break: its cookies and path are what a client controls.
    const cases: Array<{
      headers: Record<string, string>;
      body?: string | Uint8Array<ArrayBuffer>;
      what: string;
    }> =
      route.method === 'GET'
        ? COOKIES.map((cookie, i) => ({ headers: { cookie }, what: `cookie #${i}` }))
        : BODIES.map(({ type, body }, i) => ({
            headers: { 'content-type': type, cookie: COOKIES[i % COOKIES.length]! },
            body,
            what: `body #${i} (${type}), cookie #${i % COOKIES.length}`,
          }));
    // One route's cases side by side: the fuzz stays a few seconds long.
    await Promise.all(
      cases.map(async (c) => {
        const path = fill(route.url);
        const answer = await send(route.method, path, c);
        requests++;
        if (answer.status >= 500) {
          failures.push(
            `${route.method} ${path} with ${c.what}: ${answer.status} ${answer.text.slice(0, 120)}`,
          );
        } else if (
          answer.status >= 400 &&
          path.startsWith('/api/') &&
          !/"message":"[^"]+"/.test(answer.text)
        ) {
          failures.push(`${route.method} ${path} with ${c.what}: ${answer.status} without a message`);
        }
      }),
    );
  }
  assert.deepEqual(failures, [], `${failures.length} of ${requests} requests`);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined, 'no prototype was polluted');
});

test('an unknown simulated card is a 404 that names it; a card name with a path in it is refused', async () => {
  const unknown = await t.call('POST', '/api/sim/card', { card: 'nobody-at-all' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.code, 'sim.card-unknown');
  assert.match(unknown.json.error.message, /nobody-at-all/);
  const path = await t.call('POST', '/api/sim/card', { card: '../../../etc/passwd' });
  assert.equal(path.status, 404);
  assert.doesNotMatch(path.text, /root:/);
});
