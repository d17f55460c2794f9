/**
 * SMS for appointments booked at the appliance, and the ticket's delivery state across a restart,
 * on the real parts of test/support/sms-optin-system.ts: the appliance as `npm start` assembles it,
 * mosquitto with the shipped ACL, central's notifier on PGlite bound to the test SMSC over SMPP.
 *
 * A resident who books at the kiosk (or a clerk at the counter) may give a phone: it goes sealed to
 * central in the `appointment.booked` transaction through the outbox, and the reminder reaches the
 * SMSC the day before, naming the time; the kiosk keeps only the masked number, and without the
 * uplink it refuses the number and says why. A ticket's "已送达" is kept by the appliance, so a
 * restart still shows it on the ticket's phone page.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pairScreenAt } from '../../appliance/http/test-appliance.ts';
import { appointmentApiPaths } from '../../contract/appointment-api.ts';
import { notifyApiPaths } from '../../contract/notify-api.ts';
import type { DecodedJob } from '../../drivers/printer/index.ts';
import { testPhone } from '../../fleet/notify/testing/phones.ts';
import { type ApiAnswer, type SmsOptInSystem, startSmsOptInSystem } from '../support/sms-optin-system.ts';
import { waitFor } from './wait.ts';

let system: SmsOptInSystem;

before(async () => {
  system = await startSmsOptInSystem();
});
after(async () => {
  await system?.close();
});

const api: SmsOptInSystem['api'] = (...args) => system.api(...args);
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** Every file under the directory, as bytes: where a number must never be in the clear. */
function filesUnder(root: string): Buffer[] {
  const out: Buffer[] = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(readFileSync(path));
  }
  return out;
}

/** The centre day `days` after today, in Beijing (the appliance's centre day). */
function dayAfter(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

test('the ticket phone page still says "已送达" after the appliance restarts', async () => {
  const { h } = system;
  await waitFor(
    'SMS on offer',
    async () => (await api('GET', notifyApiPaths.status)).json.available === true,
  );
  const phone = testPhone(64);
  let code = '';
  let mine: { id: string; number: string } = { id: '', number: '' };
  for (let i = 0; i < 4; i++) {
    const printed = new Promise<DecodedJob>((r) => system.sim.printer.once('job', r));
    const taken = await api('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: false });
    assert.equal(taken.status, 201, taken.text);
    mine = taken.json.ticket as { id: string; number: string };
    code = (await printed).qrCodes[0]!;
  }
  const pageUrl = () => `${system.sim.running.url}/q/${encodeURIComponent(code)}`;
  const subscribed = await api('POST', notifyApiPaths.ticket(mine.id), { phone, ahead: 2 });
  assert.equal(subscribed.status, 200, subscribed.text);
  const clerk = await system.clerkSession();
  for (let i = 0; i < 12; i++) {
    if (h.smsc.messages().some((m) => m.dest.endsWith(phone))) break;
    await api('POST', '/api/staff/counters/w2/call-next', undefined, clerk);
    await new Promise((r) => setTimeout(r, 200));
  }
  const delivered = /data-testid="sms-delivery" data-state="delivered"/;
  await waitFor(
    'the phone page to say delivered',
    async () => delivered.test(await (await fetch(pageUrl())).text()),
    20_000,
  );

  await system.restart();
  const after = await (await fetch(pageUrl())).text();
  assert.match(after, delivered, 'the delivery state came back from the store');
  assert.match(after, new RegExp(`短信已送达（${masked(phone).replace(/\*/g, '\\*')}，`));
  assert.ok(!after.includes(phone));
  for (const bytes of filesUnder(join(system.dir, 'sim')))
    assert.ok(!bytes.includes(phone), 'the number is nowhere on the kiosk disk');
  // One number per ticket holds across the restart too.
  const again = await api('POST', notifyApiPaths.ticket(mine.id), { phone: testPhone(65), ahead: 2 });
  assert.equal((again.json.error as { code: string }).code, 'notify.already');
});

test('two opt-ins racing for one ticket: the first wins, one number reaches central', async () => {
  await waitFor(
    'SMS on offer',
    async () => (await api('GET', notifyApiPaths.status)).json.available === true,
  );
  let ticket = { id: '' };
  for (let i = 0; i < 5; i++) {
    const taken = await api('POST', '/api/tickets', { serviceId: 'elderly-care', withCard: false });
    assert.equal(taken.status, 201, taken.text);
    ticket = taken.json.ticket as { id: string };
  }
  const answers = await Promise.all(
    [testPhone(80), testPhone(81)].map((phone) =>
      api('POST', notifyApiPaths.ticket(ticket.id), { phone, ahead: 1 }),
    ),
  );
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409], answers.map((a) => a.text).join(' '));
  const refused = answers.find((a) => a.status !== 200)!;
  assert.equal((refused.json.error as { code: string }).code, 'notify.already');
  const subscriptions = await system.h.db.query(
    "SELECT 1 FROM notify_subscription WHERE ref_type = 'ticket' AND ref_id = $1",
    [ticket.id],
  );
  assert.equal(subscriptions.length, 1, 'one number reached central');
});

test('the kiosk booking screen: a rate per screen, a bounded day, no text past a TD, one per number', async () => {
  const { h, sim } = system;
  await waitFor(
    'SMS on offer',
    async () => (await api('GET', notifyApiPaths.status)).json.available === true,
  );
  const day = dayAfter(3);
  const book = (screen: Record<string, string>, body: Record<string, unknown>) =>
    api(
      'POST',
      appointmentApiPaths.kioskBook,
      { serviceId: 'elderly-care', withCard: false, ...body },
      screen,
    );

  // One screen booking again and again is refused past the card-less ticket's per-screen rate.
  const busy = await pairScreenAt(sim.running.url, sim.running.dataDir, 'kiosk');
  let refused: ApiAnswer | undefined;
  let accepted = 0;
  for (let i = 0; i < 40 && !refused; i++) {
    const answer = await book(busy, { day, slot: '08:00' });
    if (answer.status === 201) accepted++;
    else refused = answer;
  }
  assert.ok(refused, `a screen booked ${accepted} times unchecked`);
  assert.equal(refused.status, 429, refused.text);
  assert.equal((refused.json.error as { code: string }).code, 'appointments.screen-rate');
  assert.match((refused.json.error as { message: string }).message, /too many bookings from this screen/);
  assert.ok(Number(refused.res.headers.get('retry-after')) >= 1);
  assert.ok(accepted >= 1);

  // The day is bounded both ways.
  const screen = await pairScreenAt(sim.running.url, sim.running.dataDir, 'kiosk');
  const past = await book(screen, { day: dayAfter(-1), slot: '09:00' });
  assert.equal((past.json.error as { code: string }).code, 'appointment.past-day');
  const far = await book(screen, { day: dayAfter(400), slot: '09:00', phone: testPhone(70) });
  assert.equal(far.status, 422, far.text);
  assert.equal((far.json.error as { code: string }).code, 'appointment.too-far');

  // A number that replied TD books at the kiosk: the booking stands, the reminder is refused.
  const optedOut = testPhone(71);
  await h.smsc.sendMo(optedOut, 'TD');
  const quiet = await book(screen, { day, slot: '09:00', phone: optedOut });
  assert.equal(quiet.status, 201, quiet.text);
  const quietId = (quiet.json.appointment as { id: string }).id;
  const [refusedReminder] = await h.settled('appointment', quietId, 1, ['refused']);
  assert.equal(refusedReminder?.to, masked(optedOut));

  // Two bookings with one number: one reminder waits. A third booking with another number after
  // them is handled after them (central applies one kiosk's transactions in order).
  const twice = testPhone(72);
  const first = await book(screen, { day, slot: '10:00', phone: twice });
  const second = await book(screen, { day, slot: '11:00', phone: twice });
  const marker = await book(screen, { day, slot: '12:00', phone: testPhone(73) });
  for (const a of [first, second, marker]) assert.equal(a.status, 201, a.text);
  const idOf = (a: ApiAnswer) => (a.json.appointment as { id: string }).id;
  await h.settled('appointment', idOf(first), 1, ['held']);
  await h.settled('appointment', idOf(marker), 1, ['held']);
  assert.deepEqual(await h.notifier.deliveryFor('appointment', idOf(second)), []);

  const startClock = h.clock.now;
  try {
    h.clock.now = Date.parse(`${dayAfter(2)}T10:00:00+08:00`) + 5 * 60_000;
    await h.notifier.releaseDue();
    await h.settled('appointment', idOf(first), 1, ['delivered']);
    await h.settled('appointment', idOf(marker), 1, ['delivered']);
  } finally {
    h.clock.now = startClock;
  }
  assert.equal(h.smsc.messages().filter((m) => m.dest.endsWith(twice)).length, 1);
  assert.equal(
    h.smsc.messages().filter((m) => m.dest.endsWith(optedOut)).length,
    0,
    'the booking did not lift the TD',
  );
});

test('a phone given when booking at the kiosk or the counter gets the reminder the day before', async () => {
  const { h, sim } = system;
  await waitFor(
    'SMS on offer',
    async () => (await api('GET', notifyApiPaths.status)).json.available === true,
  );
  const day = dayAfter(2);
  const kioskPhone = testPhone(61);
  const counterPhone = testPhone(62);

  const screen = await pairScreenAt(sim.running.url, sim.running.dataDir, 'kiosk');
  const malformed = await api(
    'POST',
    appointmentApiPaths.kioskBook,
    { serviceId: 'elderly-care', day, slot: '09:30', withCard: false, phone: '12345' },
    screen,
  );
  assert.equal(malformed.status, 400);
  const unpaired = await api('POST', appointmentApiPaths.kioskBook, {
    serviceId: 'elderly-care',
    day,
    slot: '09:30',
    withCard: false,
  });
  assert.equal(unpaired.status, 403, 'only the kiosk screen books as the resident');
  const atKiosk = await api(
    'POST',
    appointmentApiPaths.kioskBook,
    { serviceId: 'elderly-care', day, slot: '09:30', withCard: false, phone: kioskPhone },
    screen,
  );
  assert.equal(atKiosk.status, 201, atKiosk.text);
  const kioskBooking = atKiosk.json.appointment as { id: string; reminderTo?: string; bookedBy?: string };
  assert.equal(kioskBooking.reminderTo, masked(kioskPhone));
  assert.equal(kioskBooking.bookedBy, 'kiosk');
  assert.ok(!atKiosk.text.includes(kioskPhone), 'the number is never said back in full');

  const clerk = await system.clerkSession();
  const atCounter = await api(
    'POST',
    appointmentApiPaths.staffBook,
    { serviceId: 'elderly-care', day, slot: '14:00', phone: counterPhone },
    clerk,
  );
  assert.equal(atCounter.status, 201, atCounter.text);
  const counterBooking = atCounter.json.appointment as { id: string };
  const listed = await api('GET', `/api/staff/appointments?day=${day}`, undefined, clerk);
  assert.deepEqual(
    (listed.json.appointments as Array<{ id: string; reminderTo?: string }>)
      .filter((a) => a.id === kioskBooking.id || a.id === counterBooking.id)
      .map((a) => a.reminderTo),
    [masked(kioskPhone), masked(counterPhone)],
  );

  // Central hears of both through the outbox and holds the reminders for the day before, 10:00.
  const [kioskReminder] = await h.settled('appointment', kioskBooking.id, 1, ['held']);
  const [counterReminder] = await h.settled('appointment', counterBooking.id, 1, ['held']);
  assert.equal(kioskReminder?.to, masked(kioskPhone));
  assert.equal(counterReminder?.to, masked(counterPhone));
  const dayBefore10 = Date.parse(`${dayAfter(1)}T10:00:00+08:00`);
  const startClock = h.clock.now;
  try {
    h.clock.now = dayBefore10 + 5 * 60_000;
    await h.notifier.releaseDue();
    await h.settled('appointment', kioskBooking.id, 1, ['delivered']);
    await h.settled('appointment', counterBooking.id, 1, ['delivered']);
  } finally {
    h.clock.now = startClock;
  }
  const [toKiosk] = h.smsc.messages().filter((m) => m.dest.endsWith(kioskPhone));
  const [toCounter] = h.smsc.messages().filter((m) => m.dest.endsWith(counterPhone));
  const [, mm, dd] = day.split('-').map(Number);
  assert.match(toKiosk?.text ?? '', new RegExp(`${mm}月${dd}日 09:30`));
  assert.match(toCounter?.text ?? '', new RegExp(`${mm}月${dd}日 14:00`));
  assert.equal(h.smsc.messages().filter((m) => m.dest.endsWith(kioskPhone)).length, 1);

  for (const bytes of filesUnder(join(system.dir, 'sim')))
    for (const p of [kioskPhone, counterPhone]) assert.ok(!bytes.includes(p), 'no number on the kiosk disk');
  assert.ok(!h.logs.some((l) => l.includes(kioskPhone) || l.includes(counterPhone)));

  // Without the uplink a booking still goes, but not with a number: the screen can say why.
  await system.broker.stop();
  await waitFor(
    'SMS withdrawn',
    async () => (await api('GET', notifyApiPaths.status)).json.available === false,
  );
  const offline = await api(
    'POST',
    appointmentApiPaths.kioskBook,
    { serviceId: 'elderly-care', day, slot: '10:00', withCard: false, phone: testPhone(63) },
    screen,
  );
  assert.equal(offline.status, 503);
  assert.equal((offline.json.error as { code: string }).code, 'notify.offline');
  const without = await api(
    'POST',
    appointmentApiPaths.kioskBook,
    { serviceId: 'elderly-care', day, slot: '10:00', withCard: false },
    screen,
  );
  assert.equal(without.status, 201, without.text);
});
