/**
 * SMS opt-in from the kiosk to the SMSC, against real parts: the appliance as `npm start` assembles
 * it, mosquitto with the shipped ACL and logins, central's notification service on PGlite with the
 * SMPP gateway bound to the test SMSC. A resident takes a ticket, types a number, and when the
 * clerk's calls bring the people ahead down to N, the "turn near" text reaches the SMSC; the same
 * from the form on the ticket's phone page, which then says how far the text got (central's delivery
 * states come down to the kiosk); a TD reply stops every later text to the number. The
 * number is never on the kiosk's disk, and without the uplink the kiosk says SMS is not on offer.
 * The system is test/support/sms-optin-system.ts (the notify-smpp benchmark runs the same one).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { pairBrowserPage, pairScreenAt } from '../../appliance/http/test-appliance.ts';
import { notifyApiPaths } from '../../contract/notify-api.ts';
import type { Simulation } from '../../demo/simulation.ts';
import type { DecodedJob } from '../../drivers/printer/index.ts';
import type { NotifyHarness } from '../../fleet/notify/testing/harness.ts';
import { testPhone } from '../../fleet/notify/testing/phones.ts';
import type { MosquittoBroker } from '../support/mosquitto.ts';
import { SMS_KIOSK, type SmsOptInSystem, startSmsOptInSystem } from '../support/sms-optin-system.ts';
import { launchChromium } from './browser.ts';
import { waitFor } from './wait.ts';

let system: SmsOptInSystem;
let dir: string;
let broker: MosquittoBroker;
let sim: Simulation;
let h: NotifyHarness;
let browser: Browser;

before(async () => {
  system = await startSmsOptInSystem({ withUi: true });
  ({ dir, broker, sim, h } = system);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await system?.close();
});

const api: SmsOptInSystem['api'] = (...args) => system.api(...args);
const clerkSession = () => system.clerkSession();

/** Every file under the directory, as bytes: where a number must never be. */
function filesUnder(root: string): Buffer[] {
  const out: Buffer[] = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(readFileSync(path));
  }
  return out;
}

test('a number typed after a ticket gets the "turn near" text once the calls bring N ahead', async () => {
  const status = await waitFor('SMS on offer', async () => {
    const s = await api('GET', notifyApiPaths.status);
    return s.json.available === true ? s : null;
  });
  assert.deepEqual(status.json, { available: true });

  const tickets: Array<{ id: string; number: string }> = [];
  for (let i = 0; i < 5; i++) {
    const taken = await api('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: false });
    assert.equal(taken.status, 201);
    tickets.push(taken.json.ticket as { id: string; number: string });
  }
  const mine = tickets[4]!;
  const phone = testPhone(41);

  // Refusals the screen can explain: a malformed number, a ticket already near the front, an unknown one.
  const malformed = await api('POST', notifyApiPaths.ticket(mine.id), { phone: '12345', ahead: 2 });
  assert.equal(malformed.status, 400);
  const near = await api('POST', notifyApiPaths.ticket(tickets[1]!.id), { phone, ahead: 2 });
  assert.equal(near.status, 409);
  assert.equal((near.json.error as { code: string }).code, 'notify.already-near');
  const unknown = await api('POST', notifyApiPaths.ticket('no-such-ticket'), { phone, ahead: 2 });
  assert.equal(unknown.status, 404);

  const subscribed = await api('POST', notifyApiPaths.ticket(mine.id), { phone, ahead: 2 });
  assert.equal(subscribed.status, 200, subscribed.text);
  assert.equal(subscribed.json.masked, `${phone.slice(0, 3)}****${phone.slice(-4)}`);
  assert.ok(!subscribed.text.includes(phone), 'the kiosk never shows the number back in full');
  // One number per ticket: nobody can take over a resident's notices afterwards.
  const again = await api('POST', notifyApiPaths.ticket(mine.id), { phone: testPhone(42), ahead: 2 });
  assert.equal(again.status, 409);
  assert.equal((again.json.error as { code: string }).code, 'notify.already');

  const clerk = await clerkSession();
  // Four ahead; two calls leave two ahead: the text goes.
  for (let i = 0; i < 2; i++) {
    const called = await api('POST', '/api/staff/counters/w2/call-next', undefined, clerk);
    assert.equal(called.status, 200, called.text);
  }
  const sent = await waitFor(
    'the turn-near text at the SMSC',
    () => h.smsc.messages().find((m) => m.dest.endsWith(phone) && m.text.includes(mine.number)) ?? null,
    20_000,
  );
  assert.match(sent.text, /前面还有2人/);
  // A third call does not send it again.
  await api('POST', '/api/staff/counters/w2/call-next', undefined, clerk);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(h.smsc.messages().filter((m) => m.dest.endsWith(phone)).length, 1);

  const onDisk = filesUnder(join(dir, 'sim'));
  assert.ok(onDisk.length > 0);
  for (const bytes of onDisk) assert.ok(!bytes.includes(phone), 'the number is nowhere on the kiosk disk');
});

test('on the kiosk screen: the offer after a ticket, the large keypad, the number shown back masked', async () => {
  for (let i = 0; i < 4; i++)
    await api('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: false });
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await pairBrowserPage(page, sim.running.url, sim.running.dataDir, 'kiosk');
  await page.goto(`${sim.running.url}/kiosk/`);
  await page.getByRole('button', { name: '养老服务' }).click();
  await page.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
  await page.getByTestId('sms-offer').click();
  const send = page.getByTestId('sms-send');
  assert.equal(await send.isDisabled(), true, 'nothing to send before a whole number is typed');
  const phone = testPhone(45);
  for (const digit of phone)
    await page.locator('.keypad-keys').getByRole('button', { name: digit, exact: true }).click();
  await send.click();
  const done = (await page.getByTestId('sms-done').textContent({ timeout: 10_000 })) ?? '';
  assert.ok(done.includes(`${phone.slice(0, 3)}****${phone.slice(-4)}`), done);
  assert.ok(!(await page.content()).includes(phone), 'the full number is gone from the screen once sent');
  await page.close();
});

test('from the phone page of the ticket: a form, the same rules as the kiosk, the number said back masked', async () => {
  const codes: string[] = [];
  const tickets: Array<{ id: string; number: string }> = [];
  for (let i = 0; i < 4; i++) {
    const printed = new Promise<DecodedJob>((r) => sim.printer.once('job', r));
    const taken = await api('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: false });
    tickets.push(taken.json.ticket as { id: string; number: string });
    codes.push((await printed).qrCodes[0]!);
  }
  const pageOf = (code: string) => `${sim.running.url}/q/${encodeURIComponent(code)}`;
  const mine = { ...tickets[3]!, page: pageOf(codes[3]!) };
  const phone = testPhone(46);
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    await page.goto(mine.page);
    await page.getByTestId('sms-offer').click();
    await page.getByTestId('sms-form').waitFor();
    // The server checks what the browser's own pattern check would stop: a malformed number.
    const malformed = await fetch(`${mine.page}/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'phone=12345&ahead=2',
    });
    assert.equal(malformed.status, 400);
    assert.match(await malformed.text(), /请输入 11 位手机号码/);
    await page.locator('input[name=phone]').fill(phone);
    await page.locator('select[name=ahead]').selectOption('2');
    await page.getByRole('button', { name: '设置短信提醒' }).click();
    const done = (await page.getByTestId('sms-done').textContent({ timeout: 10_000 })) ?? '';
    assert.equal(done, `已设置：前面剩 2 人时，发短信到 ${masked}`);
    assert.ok(!(await page.content()).includes(phone), 'the page never shows the number in full');
    await page.getByTestId('back').click();
    assert.equal(
      await page.getByTestId('sms-set').textContent(),
      `短信提醒已设置：前面剩 2 人时发送到 ${masked}`,
    );
    const before = page.getByTestId('sms-delivery');
    assert.equal(await before.getAttribute('data-state'), 'none');
    assert.equal(await before.textContent(), `尚未发送（${masked}）`);
  } finally {
    await page.close();
  }
  // The same rules as the kiosk's keypad (the same code): one number per ticket…
  const again = await api('POST', notifyApiPaths.ticket(mine.id), { phone: testPhone(47), ahead: 2 });
  assert.equal((again.json.error as { code: string }).code, 'notify.already');
  const clerk = await clerkSession();
  // Calls until two are ahead of it (bounded): the "turn near" text reaches the SMSC.
  for (let i = 0; i < 12; i++) {
    if (h.smsc.messages().some((m) => m.dest.endsWith(phone))) break;
    await api('POST', '/api/staff/counters/w2/call-next', undefined, clerk);
    await new Promise((r) => setTimeout(r, 200));
  }
  const sent = await waitFor(
    'the turn-near text for the phone page’s number',
    () => h.smsc.messages().find((m) => m.dest.endsWith(phone) && m.text.includes(mine.number)) ?? null,
    20_000,
  );
  assert.match(sent.text, /前面还有2人/);
  // Central says how far the text got (its receipt came back from the SMSC): the phone page shows it.
  await waitFor(
    'the phone page to say the text was delivered',
    async () =>
      /data-testid="sms-delivery" data-state="delivered"/.test(await (await fetch(mine.page)).text()),
    20_000,
  );
  const after = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    await after.goto(mine.page);
    const line = (await after.getByTestId('sms-delivery').textContent()) ?? '';
    assert.match(line, new RegExp(`^短信已送达（${masked.replace(/\*/g, '\\*')}，\\d{1,2}:\\d{2}:\\d{2}）$`));
    assert.ok(!(await after.content()).includes(phone), 'the page never shows the number in full');
    await after.screenshot({ path: join(dir, 'phone-page-delivered.png') });
  } finally {
    await after.close();
  }
  // …and, as at the kiosk, no offer for the ticket just before it: one or none ahead now.
  const near = await (await fetch(pageOf(codes[2]!))).text();
  assert.doesNotMatch(near, /sms-offer/);
  assert.equal((await fetch(`${pageOf(codes[2]!)}/sms`)).status, 409);
});

test('a TD reply through the SMSC stops every later text to the number; the phone page says it opted out', async () => {
  const phone = testPhone(48);
  const codes: string[] = [];
  const tickets: Array<{ id: string; number: string }> = [];
  for (let i = 0; i < 4; i++) {
    const printed = new Promise<DecodedJob>((r) => sim.printer.once('job', r));
    const taken = await api('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: false });
    tickets.push(taken.json.ticket as { id: string; number: string });
    codes.push((await printed).qrCodes[0]!);
  }
  const mine = tickets[3]!;
  const pageUrl = `${sim.running.url}/q/${encodeURIComponent(codes[3]!)}`;
  // The same number also follows a case (opted in before the reply).
  const caseSub = await h.notifier.subscribe({
    kioskId: SMS_KIOSK,
    topic: { kind: 'case.progress', caseId: 'case-td-1', number: '20260310-0099' },
    phone,
  });
  assert.equal(caseSub.status, 'subscribed');
  const subscribed = await api('POST', notifyApiPaths.ticket(mine.id), { phone, ahead: 2 });
  assert.equal(subscribed.status, 200, subscribed.text);

  // The resident replies TD: a mobile-originated deliver_sm from the SMSC over the SMPP bind.
  await h.smsc.sendMo(`86${phone}`, 'TD');
  await waitFor('the opt-out recorded at central', async () => {
    const rows = await h.db.query('SELECT 1 FROM notify_optout WHERE phone_hash = $1', [h.vault.hash(phone)]);
    return rows.length > 0;
  });
  await h.notifier.onTransaction(
    h.tx(SMS_KIOSK, 'case.changed', {
      caseId: 'case-td-1',
      number: '20260310-0099',
      change: 'suspend',
      itemId: 'residence-permit',
      clerk: 'clerk',
      missingMaterials: ['居住证明'],
      promisedDeadline: '2026-03-20',
      legalDeadline: '2026-03-27',
    }),
  );
  const clerk = await clerkSession();
  const optedOut = /data-testid="sms-delivery" data-state="opted-out"/;
  // Calls until central made the ticket's text (bounded), and no further.
  for (let i = 0; i < 12; i++) {
    if ((await h.notifier.deliveryFor('ticket', mine.id)).length > 0) break;
    await api('POST', '/api/staff/counters/w2/call-next', undefined, clerk);
    await new Promise((r) => setTimeout(r, 300));
  }
  await waitFor('the phone page to say the number opted out', async () =>
    optedOut.test(await (await fetch(pageUrl)).text()),
  );
  const [caseMessage] = await h.settled('case', 'case-td-1', 1, ['refused']);
  assert.equal(caseMessage?.reason, 'opted-out (replied TD)');
  const [ticketMessage] = await h.settled('ticket', mine.id, 1, ['refused']);
  assert.equal(ticketMessage?.kind, 'queue.ahead');
  assert.equal(
    h.smsc.messages().filter((m) => m.dest.endsWith(phone)).length,
    0,
    'nothing reached the SMSC for the number after its TD',
  );
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    await page.goto(pageUrl);
    const line = (await page.getByTestId('sms-delivery').textContent()) ?? '';
    assert.match(line, /^此号码已回复退订，不再发送（\d{3}\*{4}\d{4}，/);
    assert.ok(!(await page.content()).includes(phone));
  } finally {
    await page.close();
  }
});

test('a clerk adds a number for a case; without the uplink SMS is not offered and says why', async () => {
  const clerk = await clerkSession();
  const unauthenticated = await api('POST', notifyApiPaths.staffCase('x'), { phone: testPhone(43) });
  assert.equal(unauthenticated.status, 401);

  await api('POST', '/api/sim/card', { card: 'resident-li' });
  await waitFor('the card', () => sim.running.appliance.cardView());
  // Only a paired kiosk screen acts for the card on the reader.
  const screen = await pairScreenAt(sim.running.url, sim.running.dataDir, 'kiosk');
  const withCard = await api('POST', '/api/tickets', { serviceId: 'residence', withCard: true }, screen);
  assert.equal(withCard.status, 201, withCard.text);
  const called = await api('POST', '/api/staff/counters/w3/call-next', undefined, clerk);
  const ticket = called.json.ticket as { id: string };
  const accepted = await api(
    'POST',
    '/api/staff/cases',
    { ticketId: ticket.id, itemId: 'residence-permit', materials: ['居民身份证'] },
    clerk,
  );
  await api('DELETE', '/api/sim/card');
  assert.equal(accepted.status, 201, accepted.text);
  const caseId = (accepted.json.case as { id: string }).id;
  const forCase = await api('POST', notifyApiPaths.staffCase(caseId), { phone: testPhone(43) }, clerk);
  assert.equal(forCase.status, 200, forCase.text);
  assert.match(String(forCase.json.masked), /^139\*{4}\d{4}$/);

  await broker.stop();
  const down = await waitFor('SMS withdrawn', async () => {
    const s = await api('GET', notifyApiPaths.status);
    return s.json.available === false ? s : null;
  });
  assert.deepEqual(down.json, { available: false, reason: 'uplink-down' });
  // Two more before it, whatever the tests before left in the queue: it is not "already near".
  let taken = await api('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: false });
  for (let i = 0; i < 2; i++)
    taken = await api('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: false });
  const offline = await api('POST', notifyApiPaths.ticket((taken.json.ticket as { id: string }).id), {
    phone: testPhone(44),
    ahead: 1,
  });
  assert.equal(offline.status, 503);
  assert.equal((offline.json.error as { code: string }).code, 'notify.offline');
});
