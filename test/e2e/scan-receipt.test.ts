/**
 * The printed receipt's QR code, held under the kiosk's scanner (keyboard-wedge HID reports through
 * the real decoder), opens the application's progress on screen; a forged or foreign code gets a
 * plain notice. Real Chromium, real simulation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { pairBrowserPage, pairScreen } from '../../appliance/http/test-appliance.ts';
import { type Simulation, startSimulation } from '../../demo/simulation.ts';
import type { DecodedJob } from '../../drivers/printer/index.ts';
import { buildUi } from '../../kiosk-ui/build.ts';
import { launchChromium } from './browser.ts';
import { waitFor } from './wait.ts';

let dir: string;
let sim: Simulation;
let browser: Browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-scan-'));
  await buildUi(join(dir, 'ui'));
  sim = await startSimulation({
    dataDir: join(dir, 'sim'),
    httpPort: 0,
    inProcessReader: true,
    uiDistDir: join(dir, 'ui'),
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function api(path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(sim.running.url + path, {
    method: 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, res };
}

test('a receipt QR under the scanner opens its progress; forged and foreign codes get a notice', async () => {
  // A case accepted at the counter, with its receipt printed.
  await api('/api/sim/card', { card: 'resident-li' });
  await waitFor('the card', () => sim.running.appliance.cardView());
  const screen = await pairScreen(sim.running, 'kiosk');
  assert.equal((await api('/api/tickets', { serviceId: 'residence', withCard: true }, screen)).status, 201);
  const login = await api('/api/session', { username: 'clerk', password: 'shequ-demo' });
  const h = {
    cookie: login.res.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': String(login.json.csrfToken),
  };
  const called = await api('/api/staff/counters/w3/call-next', undefined, h);
  const ticket = called.json.ticket as { id: string };
  const receipt = new Promise<DecodedJob>((resolve) =>
    sim.printer.on('job', (job: DecodedJob) => job.text.includes('受理回执') && resolve(job)),
  );
  const accepted = await api(
    '/api/staff/cases',
    { ticketId: ticket.id, itemId: 'residence-permit', materials: ['居民身份证'] },
    h,
  );
  assert.equal(accepted.status, 201);
  const caseNumber = (accepted.json.case as { number: string }).number;
  const printed = await receipt;
  const qr = printed.qrCodes.find((q) => q.startsWith('SQ1.R.'));
  assert.ok(qr, 'the receipt carries a signed Shequ code');
  await fetch(`${sim.running.url}/api/sim/card`, { method: 'DELETE' });

  const kiosk = await browser.newPage();
  await pairBrowserPage(kiosk, sim.running.url, sim.running.dataDir, 'kiosk');
  await kiosk.goto(`${sim.running.url}/kiosk/`);
  await kiosk.getByTestId('centre-name').filter({ hasText: '幸福' }).waitFor();
  assert.equal(sim.running.appliance.devices().scanner.state, 'ok', 'the scanner reports healthy');

  assert.equal((await api('/api/sim/scan', { text: qr })).status, 204);
  const row = kiosk.getByTestId('case-row').filter({ hasText: caseNumber });
  await row.waitFor({ timeout: 10_000 });
  assert.match((await row.textContent()) ?? '', /已受理/);

  await kiosk.goto(`${sim.running.url}/kiosk/`);
  // The page reacts only to scans after its first state: wait for it before scanning again.
  await kiosk.getByTestId('centre-name').filter({ hasText: '幸福' }).waitFor();
  const forged = `${qr.slice(0, -1)}${qr.endsWith('A') ? 'B' : 'A'}`;
  await api('/api/sim/scan', { text: forged });
  await kiosk.getByTestId('scan-notice').filter({ hasText: '二维码无效' }).waitFor({ timeout: 10_000 });
  assert.equal(await kiosk.getByTestId('case-row').count(), 0, 'a forged code shows no case');

  await api('/api/sim/scan', { text: 'HTTPS://EXAMPLE.COM/PAY' });
  await kiosk.getByTestId('scan-notice').filter({ hasText: '不是本中心' }).waitFor({ timeout: 10_000 });

  // An appointment code held under the scanner checks in and prints a priority number.
  const { code } = await sim.running.appliance.bookAppointment(
    { serviceId: 'elderly-care', day: sim.running.appliance.queue.today(), slot: '11:00' },
    'clerk',
  );
  const ticketJob = new Promise<DecodedJob>((resolve) => sim.printer.once('job', resolve));
  await api('/api/sim/scan', { text: code });
  const notice = kiosk.getByTestId('scan-notice').filter({ hasText: '签到成功' });
  await notice.waitFor({ timeout: 10_000 });
  const number = /C\d{3}/.exec((await notice.textContent()) ?? '')?.[0];
  assert.ok(number, 'the notice gives the new number');
  assert.ok((await ticketJob).text.includes(number), 'and the ticket prints');
});
