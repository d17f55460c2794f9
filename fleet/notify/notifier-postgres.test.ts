import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { addStaff, setCentre } from './directory.ts';
import { Notifier } from './notifier.ts';
import { SmppGateway } from './smpp/smpp-gateway.ts';
import { type NotifyHarness, startNotifyHarness } from './testing/harness.ts';
import { testPhone } from './testing/phones.ts';

const MORNING = Date.UTC(2026, 2, 10, 2, 0, 0);
const KIOSK = 'K-PG-1';
let pg: PostgresServer;
let h: NotifyHarness;
let n = 0;
const phone = () => testPhone(7000 + n++);

before(async () => {
  pg = await startPostgres();
  h = await startNotifyHarness({ dbUrl: pg.url, now: MORNING });
  await setCentre(h.db, KIOSK, { name: '青石社区服务中心', pickup: '青石社区服务中心2号窗口' });
});
after(async () => {
  await h?.close();
  await pg?.stop();
});

test('on PostgreSQL the message and its job commit with the caller’s transaction, or not at all', async () => {
  const p = phone();
  await h.notifier.subscribe({
    kioskId: KIOSK,
    topic: { kind: 'case.progress', caseId: 'pg-1', number: 'PG1' },
    phone: p,
  });
  const tx = h.tx(KIOSK, 'case.changed', { caseId: 'pg-1', number: 'PG1', change: 'complete' });
  await assert.rejects(
    h.db.transaction(async (db) => {
      await h.notifier.onTransaction(tx, { tx: db });
      throw new Error('ingest failed after enqueueing');
    }),
    /ingest failed/,
  );
  assert.equal((await h.notifier.deliveryFor('case', 'pg-1')).length, 0);
  const [jobs] = await h.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notify-send' AND data->>'messageId' IS NOT NULL",
  );
  await h.db.transaction((db) => h.notifier.onTransaction(tx, { tx: db }));
  await h.settled('case', 'pg-1', 1, ['delivered']);
  const [jobsAfter] = await h.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notify-send' AND data->>'messageId' IS NOT NULL",
  );
  assert.equal(jobsAfter!.n, jobs!.n + 1, 'the rolled-back job never existed');
});

test('an appointment reminder waits for the day before; a cancelled one never goes', async () => {
  const p = phone();
  const startsAt = Date.UTC(2026, 2, 12, 1, 30); // 09:30 on the 12th, Beijing
  const [reminder] = await h.notifier.notifyOn({
    kind: 'appointment.booked',
    kioskId: KIOSK,
    appointmentId: 'ap-1',
    serviceName: '社保卡补办',
    startsAt,
    phone: p,
  });
  assert.equal(reminder?.state, 'held');
  const [row] = await h.db.query<{ not_before: string }>(
    "SELECT not_before FROM notify_message WHERE ref_id = 'ap-1'",
  );
  assert.equal(Number(row!.not_before), Date.UTC(2026, 2, 11, 2, 0), '10:00 the day before');
  await h.notifier.notifyOn({
    kind: 'appointment.booked',
    kioskId: KIOSK,
    appointmentId: 'ap-2',
    serviceName: '低保',
    startsAt,
    // Another number: one reminder at most waits per number per kiosk.
    phone: phone(),
  });
  await h.notifier.notifyOn({ kind: 'appointment.cancelled', kioskId: KIOSK, appointmentId: 'ap-2' });
  h.clock.now = Date.UTC(2026, 2, 11, 2, 5);
  try {
    await h.notifier.releaseDue();
    await h.settled('appointment', 'ap-1', 1, ['delivered']);
    assert.equal((await h.notifier.deliveryFor('appointment', 'ap-2'))[0]?.state, 'cancelled');
    const texts = h.smsc.messages().filter((m) => m.dest === p);
    assert.equal(texts.length, 1);
    assert.match(texts[0]!.text, /提醒：您预约了3月12日 09:30在青石社区服务中心办理社保卡补办/);
  } finally {
    h.clock.now = MORNING;
  }
});

test('a poor rating’s rectification reaches the centre head; a fleet alert the district operator', async () => {
  const head = phone();
  const operator = phone();
  await addStaff(
    h.db,
    h.vault,
    { role: 'centre-head', centreId: KIOSK, name: '周主任', phone: head },
    MORNING,
  );
  await addStaff(
    h.db,
    h.vault,
    { role: 'operator', centreId: '*', name: '值班运维', phone: operator },
    MORNING,
  );
  await h.notifier.onTransaction(
    h.tx(KIOSK, 'rating.given', {
      ratingId: 'r-1',
      score: 1,
      serviceId: 'ss',
      day: '2026-03-10',
      rectifyBy: '2026-03-17',
    }),
  );
  await h.notifier.notifyOn({
    kind: 'fleet.alert',
    kioskId: KIOSK,
    alertId: 'al-1',
    summary: '离线超过10分钟',
    raisedAt: MORNING,
  });
  const [rect] = await h.settled('rectification', 'r-1', 1, ['delivered']);
  const [alert] = await h.settled('alert', 'al-1', 1, ['delivered']);
  assert.equal(rect?.role, 'centre-head');
  assert.equal(alert?.role, 'operator');
  assert.match(
    alert?.text ?? '',
    /^【社区服务】设备告警：青石社区服务中心（K-PG-1）离线超过10分钟，10:00。$/,
  );
});

test('a second worker on the same PostgreSQL queue makes nothing go twice', async () => {
  const gateway = new SmppGateway({
    host: '127.0.0.1',
    port: h.smsc.port,
    systemId: 'shequ',
    password: 'test-pw',
    sourceAddr: '106900000001',
  });
  const second = await Notifier.start({ db: h.db, vault: h.vault, gateway, now: () => h.clock.now });
  try {
    await gateway.whenBound();
    const phones = Array.from({ length: 60 }, phone);
    for (const [i, p] of phones.entries()) {
      await h.notifier.subscribe({
        kioskId: KIOSK,
        topic: { kind: 'case.progress', caseId: `w-${i}`, number: `W${i}` },
        phone: p,
      });
      await h.notifier.onTransaction(
        h.tx(KIOSK, 'case.changed', { caseId: `w-${i}`, number: `W${i}`, change: 'complete' }),
      );
    }
    for (let i = 0; i < phones.length; i++) await h.settled('case', `w-${i}`, 1, ['delivered']);
    const counts = phones.map((p) => h.smsc.messages().filter((m) => m.dest === p).length);
    assert.deepEqual(new Set(counts), new Set([1]));
  } finally {
    await second.close();
  }
});

test('a ticket takes one number: a second number for it is refused, the same one again is fine', async () => {
  const topic = { kind: 'queue.ahead' as const, ticketId: 'T-ONE', number: 'A9', ahead: 2 };
  const first = phone();
  assert.equal((await h.notifier.subscribe({ kioskId: KIOSK, topic, phone: first })).status, 'subscribed');
  assert.equal((await h.notifier.subscribe({ kioskId: KIOSK, topic, phone: phone() })).status, 'already');
  assert.equal((await h.notifier.subscribe({ kioskId: KIOSK, topic, phone: first })).status, 'subscribed');
  // Another kiosk's ticket with the same id is its own.
  const elsewhere = await h.notifier.subscribe({ kioskId: `${KIOSK}-B`, topic, phone: phone() });
  assert.equal(elsewhere.status, 'subscribed');
});
