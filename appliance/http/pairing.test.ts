/**
 * Acting for the card on the reader: only a paired kiosk screen may, as an attacker on the hall's
 * LAN tries it over HTTP. Pairing by `shequ pair`, by the /pair form and by an admin; revocation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PublicState } from '../../contract/api.ts';
import { loadSimCard } from '../../drivers/idcard/index.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { assembleAppliance, type RunningAppliance } from '../assemble.ts';
import { run as pairCli } from '../cli/pair.ts';
import { createPairingCode } from '../pairing/pairing-codes.ts';
import { startSimReader } from '../sim/sim-reader.ts';
import { pairScreen } from './test-appliance.ts';

const dir = mkdtempSync(join(tmpdir(), 'shequ-pairing-'));
let running: RunningAppliance;
let closeReader: () => Promise<void>;
let reader: Awaited<ReturnType<typeof startSimReader>>;
/** The number the paired kiosk took for resident-li's card in the first test. */
let takenNumber = '';
const centreDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function swapCard(name: 'resident-li' | 'resident-zhang'): Promise<void> {
  reader.remove();
  while (running.appliance.cardView()) await new Promise((r) => setTimeout(r, 10));
  reader.place(loadSimCard(name));
  while (!running.appliance.cardView()) await new Promise((r) => setTimeout(r, 10));
}

before(async () => {
  reader = await startSimReader({ pollIntervalMs: 20, forceInProcess: true });
  closeReader = () => reader.close();
  running = await assembleAppliance(
    simulationConfig({ http: { host: '127.0.0.1', port: 0 } }),
    {
      reader: reader.inProcessReader,
      scanner: null,
      printer: null,
      camera: null,
      broker: null,
      close: () => reader.close(),
    },
    { dataDir: dir, uiDistDir: join(dir, 'no-ui') },
  );
  await running.auth.addUser('admin', 'admin-pass-1', 'admin');
  await running.auth.addUser('clerk', 'counter-pass-1', 'staff');
  reader.place(loadSimCard('resident-li'));
  while (!running.appliance.cardView()) await new Promise((r) => setTimeout(r, 10));
});
after(async () => {
  await running?.close();
  await closeReader?.();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(running.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    redirect: 'manual',
  });
  const text = await res.text();
  let json: { error?: { code: string; message: string } } & Record<string, unknown> = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // an HTML page
  }
  return { status: res.status, json, text, headers: res.headers };
}

const ticketWithCard = (headers: Record<string, string> = {}) =>
  call('POST', '/api/tickets', { serviceId: 'assistance', withCard: true }, headers);

test('a client that is not the paired kiosk cannot act for the card on the reader, nor see it', async () => {
  const forged = await ticketWithCard();
  assert.equal(forged.status, 403);
  assert.equal(forged.json.error?.code, 'device.unpaired');
  assert.match(forged.json.error?.message ?? '', /shequ pair kiosk/);
  const withJunkCookie = await ticketWithCard({ cookie: 'shequ_device=AAAA' });
  assert.equal(withJunkCookie.status, 403);
  for (const [path, body] of [
    ['/api/cases/lookup', { withCard: true }],
    ['/api/appointments/check-in', { withCard: true }],
    ['/api/ratings', { ticketNumber: 'B001', score: 1 }],
  ] as const) {
    const r = await call('POST', path, body);
    assert.equal(r.status, 403, `${path} from an unpaired client`);
  }
  const publicState = (await call('GET', '/api/state')).json as unknown as PublicState;
  assert.equal(publicState.card, null, 'who stands at the kiosk is not public');

  const board = await pairScreen(running, 'board');
  const fromBoard = await ticketWithCard(board);
  assert.equal(fromBoard.status, 403);
  assert.equal(fromBoard.json.error?.code, 'device.wrong-role');
  assert.equal(
    ((await call('GET', '/api/state', undefined, board)).json as unknown as PublicState).card,
    null,
  );

  const kiosk = await pairScreen(running, 'kiosk');
  const seen = (await call('GET', '/api/state', undefined, kiosk)).json as unknown as PublicState;
  assert.match(seen.card?.maskedName ?? '', /\*/, 'the paired kiosk sees the card, masked');
  const taken = await ticketWithCard(kiosk);
  assert.equal(taken.status, 201, taken.text);
  assert.match((taken.json.ticket as { holderMasked: string }).holderMasked, /\*/);
  takenNumber = (taken.json.ticket as { number: string }).number;
  // A card-less number is not acting for anyone: any client may take one.
  assert.equal((await call('POST', '/api/tickets', { serviceId: 'consult', withCard: false })).status, 201);
});

test('a pairing code pairs one screen once, until it expires; the form sets an HttpOnly strict cookie', async () => {
  const { code } = await createPairingCode(dir, { role: 'kiosk', by: 'test' });
  const page = await call('GET', `/pair?code=${encodeURIComponent(code)}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`value="${code}"`), 'the form comes prefilled');
  const form = await fetch(`${running.url}/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `code=${code.toLowerCase()}`,
    redirect: 'manual',
  });
  assert.equal(form.status, 303);
  assert.equal(form.headers.get('location'), '/kiosk/');
  const setCookie = form.headers.get('set-cookie') ?? '';
  assert.match(setCookie, /^shequ_device=[\w-]{43};/);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  const device = await call('GET', '/api/device', undefined, { cookie: setCookie.split(';')[0]! });
  assert.equal(device.status, 200);
  assert.equal(device.json.role, 'kiosk');
  assert.equal(device.json.home, '/kiosk/');
  assert.equal((await call('GET', '/api/device')).status, 401);

  const again = await call('POST', '/api/pairing', { code });
  assert.equal(again.status, 403, 'a code pairs one screen only');
  assert.equal(again.json.error?.code, 'pairing.refused');
  const old = await createPairingCode(dir, { role: 'kiosk', by: 'test', now: Date.now() - 20 * 60_000 });
  assert.equal((await call('POST', '/api/pairing', { code: old.code })).status, 403, 'expired');
  assert.equal((await call('POST', '/api/pairing', {})).status, 400);
});

test('`shequ pair` prints a code and the address to open; an admin makes codes, lists and revokes screens', async () => {
  let out = '';
  const io = {
    out: (t: string) => {
      out += t;
    },
    err: (t: string) => {
      out += t;
    },
  };
  assert.equal(await pairCli(['counter-rating:w1', '--data', dir], io), 0);
  const code = /: ([0-9A-Z]{4}-[0-9A-Z]{4})\n/.exec(out)?.[1];
  assert.ok(code, out);
  assert.ok(out.includes(`${running.url}/pair?code=${code}`), out);
  const rating = await call('POST', '/api/pairing', { code });
  assert.equal(rating.status, 200);
  assert.equal(rating.json.counterId, 'w1');
  out = '';
  assert.equal(await pairCli(['cashier', '--data', dir], io), 2, 'an unknown role is a usage error');
  assert.equal(await pairCli(['kiosk', '--data', join(dir, 'nope')], io), 1);

  const login = await call('POST', '/api/session', { username: 'admin', password: 'admin-pass-1' });
  const admin = {
    cookie: login.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': String(login.json.csrfToken),
  };
  const made = await call('POST', '/api/staff/pairings', { role: 'kiosk', label: 'hall kiosk' }, admin);
  assert.equal(made.status, 201, made.text);
  assert.match(String(made.json.pairPath), /^\/pair\?code=/);
  const unknownCounter = await call(
    'POST',
    '/api/staff/pairings',
    { role: 'counter-rating', counterId: 'w99' },
    admin,
  );
  assert.equal(unknownCounter.status, 404);
  const clerkLogin = await call('POST', '/api/session', { username: 'clerk', password: 'counter-pass-1' });
  const clerk = {
    cookie: clerkLogin.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': String(clerkLogin.json.csrfToken),
  };
  assert.equal((await call('POST', '/api/staff/pairings', { role: 'kiosk' }, clerk)).status, 403);

  const paired = await call('POST', '/api/pairing', { code: made.json.code });
  const kiosk = { cookie: paired.headers.get('set-cookie')!.split(';')[0]! };
  const list = await call('GET', '/api/staff/devices/paired', undefined, admin);
  const entry = (list.json.devices as Array<{ id: string; label: string }>).find(
    (d) => d.label === 'hall kiosk',
  );
  assert.ok(entry);
  assert.ok(!list.text.includes(kiosk.cookie.split('=')[1]!), 'no token in the list');
  assert.equal((await call('DELETE', `/api/staff/devices/paired/${entry.id}`, undefined, admin)).status, 204);
  const revoked = await ticketWithCard(kiosk);
  assert.equal(revoked.status, 403, 'a revoked screen acts for nobody');
  assert.equal(revoked.json.error?.code, 'device.unpaired');
});

test('a rating comes only from the resident who was served, not from a number read off the board', async () => {
  const login = await call('POST', '/api/session', { username: 'clerk', password: 'counter-pass-1' });
  const clerk = {
    cookie: login.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': String(login.json.csrfToken),
  };
  let called = '';
  for (let i = 0; i < 5 && called !== takenNumber; i++) {
    const r = await call('POST', '/api/staff/counters/w2/call-next', undefined, clerk);
    called = (r.json.ticket as { number: string } | null)?.number ?? '';
  }
  assert.equal(called, takenNumber, 'counter w2 serves the resident');
  const rate = (score: number, headers: Record<string, string> = {}) =>
    call('POST', '/api/ratings', { ticketNumber: takenNumber.toLowerCase(), score }, headers);

  assert.equal((await rate(1)).status, 403, 'not from an unpaired client');
  assert.equal((await rate(1, await pairScreen(running, 'board'))).status, 403, 'not from the board');
  const otherCounter = await rate(1, await pairScreen(running, 'counter-rating', 'w1'));
  assert.equal(otherCounter.status, 403);
  assert.equal(otherCounter.json.error?.code, 'rating.not-this-counter');
  const kiosk = await pairScreen(running, 'kiosk');
  await swapCard('resident-zhang');
  const otherCard = await rate(1, kiosk);
  assert.equal(otherCard.status, 403, 'not from another resident at the kiosk');
  assert.equal(otherCard.json.error?.code, 'rating.not-yours');

  await swapCard('resident-li');
  assert.equal((await rate(5, kiosk)).status, 204, 'the resident with their card rates');
  const w2 = await pairScreen(running, 'counter-rating', 'w2');
  const midService = await rate(1, w2);
  assert.equal(midService.status, 403, 'the counter screen rates only after service');
  assert.equal(midService.json.error?.code, 'rating.not-this-counter');
  await call('POST', '/api/staff/counters/w2/finish', undefined, clerk);
  assert.equal((await rate(1, w2)).status, 409, 'the counter screen may rate it, but once is all');
  const report = await call('GET', `/api/staff/report?day=${centreDay()}`, undefined, clerk);
  assert.equal(report.json.overall && (report.json.overall as { ratingCount: number }).ratingCount, 1);
});

test('wrong pairing codes from one client are throttled', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++)
    statuses.push((await call('POST', '/api/pairing', { code: 'ZZZZ-ZZZZ' })).status);
  // Ten wrong codes per client address in all (two were spent above), then 429 until it refills.
  const throttledFrom = statuses.indexOf(429);
  assert.ok(throttledFrom >= 1 && throttledFrom <= 10, statuses.join(' '));
  assert.ok(statuses.slice(0, throttledFrom).every((s) => s === 403));
  assert.ok(statuses.slice(throttledFrom).every((s) => s === 429));
  const { code } = await createPairingCode(dir, { role: 'kiosk', by: 'test' });
  const right = await call('POST', '/api/pairing', { code });
  assert.equal(right.status, 429, 'not even a right code gets through while throttled');
  assert.equal(right.json.error?.code, 'pairing.throttled');
});
