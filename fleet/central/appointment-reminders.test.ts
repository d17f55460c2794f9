/**
 * A booking taken at central's booking API with the resident's mobile gets its reminder the day
 * before: through the sharing module's hook into the notifier, out over SMPP to the real test SMSC
 * on 127.0.0.1, naming the appointment's date, time and centre. A cancelled booking's reminder never
 * goes; `/api/notifications?ref=appointment` shows the delivery with the number masked, and the
 * number is nowhere in the clear (not in the shared booking, any table of the database or a log line).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { NotificationsResponse } from '../../contract/central-api.ts';
import { sharingApi } from '../../contract/sharing-api.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import { removeDirSync } from '../../test/support/cleanup.ts';
import { type ConsoleSession, consoleLogin } from '../../test/support/console-http.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import { type SharingService, startSharingService } from '../console-sharing/service.ts';
import { setCentre } from '../notify/directory.ts';
import { type NotifyHarness, startNotifyHarness } from '../notify/testing/harness.ts';
import { testPhone } from '../notify/testing/phones.ts';
import { type RunningCentral, startCentral } from './start.ts';

const KIOSK = 'centre-01';
const OTHER_KIOSK = 'centre-02';
// 2026-03-10 10:00 in Beijing: the reminder for tomorrow is due at once.
const NOW = Date.UTC(2026, 2, 10, 2, 0, 0);
const phones = [testPhone(5201), testPhone(5202)];

let dir: string;
let broker: FleetBroker;
let h: NotifyHarness;
let sharing: SharingService;
let central: RunningCentral;
let supervisor: ConsoleSession;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-reminders-'));
  broker = await startFleetBroker(['svc-share']);
  h = await startNotifyHarness({ now: NOW });
  await setCentre(h.db, KIOSK, { name: '幸福街道社区服务中心', pickup: '幸福街道社区服务中心1号窗口' });
  await setCentre(h.db, OTHER_KIOSK, { name: '和平街道社区服务中心', pickup: '和平街道社区服务中心1号窗口' });
  sharing = await startSharingService({
    db: h.db,
    brokerUrl: broker.urlFor('svc-share'),
    key: generateSigningKey().signing,
    districtId: 'NS',
    sites: { [KIOSK]: 'SITE-A', [OTHER_KIOSK]: 'SITE-B' },
  });
  central = await startCentral({
    db: h.db,
    notifier: h.notifier,
    demoAccounts: true,
    directory: [{ kind: 'service', id: 'assistance', name: '社会救助' }],
    modules: [sharing.module],
    webDir: join(dir, 'no-web'),
  });
  supervisor = await consoleLogin(central.url, 'jiancha', 'demo-jiancha-1');
});

after(async () => {
  await central?.close();
  await sharing?.close();
  await h?.close();
  await broker?.stop();
  removeDirSync(dir);
});

type Delivery = { messages: Array<{ state: string; to: string; kind: string; text: string }> };

test('a booking with a mobile sends the reminder the day before through the SMSC, masked on the notifications API', async () => {
  const bad = await supervisor.post<{ error: string }>(sharingApi.appointments, {
    kioskId: KIOSK,
    serviceId: 'assistance',
    day: '2026-03-11',
    slot: '09:30',
    mobile: '1234',
  });
  assert.equal(bad.status, 422, 'a number that is not a mobile is refused');

  const booked = await supervisor.post<{ bookingId: string }>(sharingApi.appointments, {
    kioskId: KIOSK,
    bookingId: 'WEB-20260311-001',
    serviceId: 'assistance',
    day: '2026-03-11',
    slot: '09:30',
    holder: { name: '张三' },
    mobile: phones[0],
  });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  const [delivered] = await h.settled('appointment', 'WEB-20260311-001', 1, ['delivered']);
  assert.equal(delivered?.kind, 'appointment.reminder');
  const sms = h.smsc.messages().filter((m) => m.dest === phones[0]);
  assert.equal(sms.length, 1, 'one reminder reached the SMSC');
  assert.match(sms[0]!.text, /3月11日 09:30/);
  assert.match(sms[0]!.text, /幸福街道社区服务中心/);
  assert.match(sms[0]!.text, /社会救助/);

  const seen = await supervisor.get<Delivery>('/api/notifications?ref=appointment&id=WEB-20260311-001');
  assert.equal(seen.status, 200);
  assert.ok(
    Value.Check(NotificationsResponse, seen.body),
    'the answer is the contract’s NotificationsResponse',
  );
  assert.equal(seen.body.messages[0]?.state, 'delivered');
  assert.equal(seen.body.messages[0]?.to, `${phones[0]!.slice(0, 3)}****${phones[0]!.slice(-4)}`);

  const shared = JSON.stringify(
    await sharing.store.snapshot({ dataset: 'appointments', scope: 'kiosk', scopeId: KIOSK }),
  );
  assert.ok(shared.includes('WEB-20260311-001') && !shared.includes(phones[0]!), 'not shared down');
  const tables = await h.db.query<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
  );
  assert.ok(tables.some((t) => t.t === 'audit_log') && tables.some((t) => t.t === 'notify_phone'));
  const rowsWith = async (text: string) => {
    const found: string[] = [];
    for (const { s: schema, t } of tables) {
      const [row] = await h.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${schema}"."${t}" r WHERE row_to_json(r)::text LIKE '%' || $1 || '%'`,
        [text],
      );
      if (row && row.n > 0) found.push(`${schema}.${t}`);
    }
    return found;
  };
  assert.ok((await rowsWith('WEB-20260311-001')).includes('public.notify_message'), 'the search finds rows');
  assert.deepEqual(await rowsWith(phones[0]!), [], 'the number is in no table in the clear');
  assert.ok(!h.logs.some((l) => l.includes(phones[0]!)), 'no log line has the number in full');
});

test('a cancelled booking’s reminder never goes', async () => {
  const booked = await supervisor.post<{ bookingId: string }>(sharingApi.appointments, {
    kioskId: KIOSK,
    bookingId: 'WEB-20260312-002',
    serviceId: 'assistance',
    day: '2026-03-12',
    slot: '14:00',
    mobile: phones[1],
  });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  const [held] = await h.settled('appointment', 'WEB-20260312-002', 1, ['held']);
  assert.equal(held?.kind, 'appointment.reminder', 'held until the day before, 10:00');

  const cancelled = await supervisor.post(sharingApi.appointmentCancel, {
    kioskId: KIOSK,
    bookingId: 'WEB-20260312-002',
  });
  assert.equal(cancelled.status, 201, JSON.stringify(cancelled.body));
  const seen = await supervisor.get<Delivery>('/api/notifications?ref=appointment&id=WEB-20260312-002');
  assert.equal(seen.body.messages[0]?.state, 'cancelled');
  assert.equal(h.smsc.messages().filter((m) => m.dest === phones[1]).length, 0, 'nothing reached the SMSC');
  const snapshot = await sharing.store.snapshot({ dataset: 'appointments', scope: 'kiosk', scopeId: KIOSK });
  assert.ok(!JSON.stringify(snapshot).includes('WEB-20260312-002'), 'gone from the centre’s appointments');
});

test('a cancel on one kiosk leaves another kiosk’s booking with the same ID reminded', async () => {
  const bookingId = 'WEB-20260312-003';
  for (const kioskId of [KIOSK, OTHER_KIOSK]) {
    const booked = await supervisor.post(sharingApi.appointments, {
      kioskId,
      bookingId,
      serviceId: 'assistance',
      day: '2026-03-12',
      slot: '15:00',
      mobile: phones[1],
    });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
  }
  await h.settled('appointment', bookingId, 2, ['held']);
  const cancelled = await supervisor.post(sharingApi.appointmentCancel, { kioskId: KIOSK, bookingId });
  assert.equal(cancelled.status, 201, JSON.stringify(cancelled.body));
  const states = await h.db.query<{ kiosk_id: string; state: string }>(
    `SELECT kiosk_id, state FROM notify_message WHERE ref_type = 'appointment' AND ref_id = $1 ORDER BY kiosk_id`,
    [bookingId],
  );
  assert.deepEqual(states, [
    { kiosk_id: KIOSK, state: 'cancelled' },
    { kiosk_id: OTHER_KIOSK, state: 'held' },
  ]);
});

test('a booking moved to another time under the same ID is reminded at the new time; the old reminder is cancelled', async () => {
  const bookingId = 'WEB-20260312-004';
  const phone = testPhone(5203);
  const book = (day: string, slot: string, mobile?: string) =>
    supervisor.post(sharingApi.appointments, {
      kioskId: KIOSK,
      bookingId,
      serviceId: 'assistance',
      day,
      slot,
      ...(mobile ? { mobile } : {}),
    });
  const reminders = () =>
    h.db.query<{ state: string; reason: string | null; not_before: string; expires_at: string }>(
      `SELECT state, reason, not_before, expires_at FROM notify_message
        WHERE ref_type = 'appointment' AND ref_id = $1 AND kiosk_id = $2 ORDER BY id`,
      [bookingId, KIOSK],
    );
  assert.equal((await book('2026-03-12', '14:00', phone)).status, 201);
  await h.settled('appointment', bookingId, 1, ['held']);
  // The same booking again, at the same time: nothing changes.
  assert.equal((await book('2026-03-12', '14:00', phone)).status, 201);
  assert.equal((await reminders()).length, 1);
  // Moved to the 14th, 09:00 (the booking service sends the mobile again).
  assert.equal((await book('2026-03-14', '09:00', phone)).status, 201);
  let rows = await reminders();
  assert.deepEqual(
    rows.map((r) => [r.state, r.reason]),
    [
      ['cancelled', 'rescheduled'],
      ['held', 'scheduled'],
    ],
  );
  assert.equal(Number(rows[1]!.not_before), Date.UTC(2026, 2, 13, 2, 0), '10:00 the day before the new day');
  // Moved again, this time without the mobile: the number given at booking follows it.
  assert.equal((await book('2026-03-15', '10:30')).status, 201);
  rows = await reminders();
  assert.deepEqual(
    rows.map((r) => r.state),
    ['cancelled', 'cancelled', 'held'],
  );
  assert.equal(Number(rows[2]!.not_before), Date.UTC(2026, 2, 14, 2, 0));
  // The old days come and go: nothing; the day before the new one: the reminder, naming the new time.
  try {
    for (const at of [
      Date.UTC(2026, 2, 11, 2, 5),
      Date.UTC(2026, 2, 13, 2, 5),
      Date.UTC(2026, 2, 14, 2, 5),
    ]) {
      h.clock.now = at;
      await h.notifier.releaseDue();
    }
    await h.settled('appointment', bookingId, 3, ['cancelled', 'delivered']);
    const sms = h.smsc.messages().filter((m) => m.dest === phone);
    assert.equal(sms.length, 1, 'one reminder, for the new time only');
    assert.match(sms[0]!.text, /3月15日 10:30/);
  } finally {
    h.clock.now = NOW;
  }
});

test('a booking stored before the reschedule-aware dedupe key, saved again at the same time, is reminded once', async () => {
  const bookingId = 'WEB-20260312-005';
  const phone = testPhone(5204);
  const book = () =>
    supervisor.post(sharingApi.appointments, {
      kioskId: KIOSK,
      bookingId,
      serviceId: 'assistance',
      day: '2026-03-12',
      slot: '15:00',
      mobile: phone,
    });
  assert.equal((await book()).status, 201);
  await h.settled('appointment', bookingId, 1, ['held']);
  // The reminder as the previous release stored it: its dedupe key without `@{startsAt}`.
  const [old] = await h.db.query<{ dedupe_key: string }>(
    `UPDATE notify_message SET dedupe_key = regexp_replace(dedupe_key, '@[0-9]+[|]', '|')
      WHERE ref_type = 'appointment' AND ref_id = $1 RETURNING dedupe_key`,
    [bookingId],
  );
  assert.ok(old && !old.dedupe_key.includes('@'), 'the old key is in place');
  assert.equal((await book()).status, 201);
  const rows = await h.db.query<{ state: string }>(
    "SELECT state FROM notify_message WHERE ref_type = 'appointment' AND ref_id = $1",
    [bookingId],
  );
  assert.deepEqual(
    rows.map((r) => r.state),
    ['held'],
  );
  try {
    h.clock.now = Date.UTC(2026, 2, 11, 2, 5);
    await h.notifier.releaseDue();
    await h.settled('appointment', bookingId, 1, ['delivered']);
    assert.equal(h.smsc.messages().filter((m) => m.dest === phone).length, 1);
  } finally {
    h.clock.now = NOW;
  }
});
