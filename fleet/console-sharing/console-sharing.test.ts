/**
 * Central's data-sharing API through HTTP, as the department, booking service and operators use
 * it: the console (login, roles, CSRF, audit) on PGlite with ingest and the sharing hub on a real
 * mosquitto with the production ACL, and the appliance assembled as it ships receiving what the
 * routes change. The last test runs the routes' transactions on a real PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { type NoticeView, noticesApiPaths } from '../../contract/notices-api.ts';
import { type ShareReported, type StreamRef, shareTopics } from '../../contract/sharing.ts';
import { sharingApi } from '../../contract/sharing-api.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import { signCentralBooking, verifyCentralBooking } from '../../platform/central-booking-code.ts';
import { removeDirSync } from '../../test/support/cleanup.ts';
import { type ConsoleSession, consoleLogin } from '../../test/support/console-http.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import { connectClient, json, type Received, recordMessages } from '../../test/support/mqtt.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { centralHasCase, type SharingKiosk, startSharingKiosk } from '../../test/support/sharing-kiosk.ts';
import { type RunningCentral, startCentral } from '../central/start.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { type SharingService, startSharingService } from './service.ts';

const KIOSK = 'K-SIM-0001';
const SITE = 'SITE-A';
const DISTRICT = 'NS';
const centralKey = generateSigningKey();

let dir: string;
let broker: FleetBroker;
let db: CentralDb;
let sharing: SharingService;
let central: RunningCentral;
let kiosk: SharingKiosk;
let observer: MqttClient;
let inbox: ReturnType<typeof recordMessages>;
let supervisor: ConsoleSession;
let operator: ConsoleSession;
let caseOnRecord: { id: string; number: string; applicantMaskedNumber: string };

const reportOf = (m: Received) => json(m) as ShareReported;

/** The kiosk's own report that it holds the stream at `version`, with central's content hash. */
async function kioskHolds(ref: StreamRef, version: number, what: string): Promise<void> {
  await inbox.waitFor(
    (m) =>
      m.topic === shareTopics.reported(KIOSK) &&
      m.payload.length > 0 &&
      reportOf(m).streams.some(
        (s) => s.dataset === ref.dataset && s.scopeId === ref.scopeId && s.version >= version,
      ),
    15_000,
    what,
  );
}

const progress = (kioskId: string): StreamRef => ({ dataset: 'progress', scope: 'kiosk', scopeId: kioskId });
const catalogue: StreamRef = { dataset: 'catalogue', scope: 'district', scopeId: DISTRICT };
type Changed = { versions: Array<{ version: number; scopeId: string }>; operations: number };
type Lookup = { cases: Array<{ backOffice?: Array<{ step: string; department: string; note?: string }> }> };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-console-sharing-'));
  broker = await startFleetBroker([KIOSK, 'svc-share', 'svc-ingest'], undefined, { [KIOSK]: SITE });
  db = await openCentralDb();
  sharing = await startSharingService({
    db,
    brokerUrl: broker.urlFor('svc-share'),
    key: centralKey.signing,
    districtId: DISTRICT,
    sites: { [KIOSK]: SITE },
  });
  central = await startCentral({
    db,
    broker: { url: broker.urlFor('svc-ingest'), workerId: 'sharing-test' },
    demoAccounts: true,
    modules: [sharing.module],
    webDir: join(dir, 'no-web'),
  });
  observer = await connectClient(broker.urlFor('svc-share'), { clientId: 'svc-share.observer' });
  inbox = recordMessages(observer);
  await observer.subscribeAsync(shareTopics.allReported, { qos: 1 });
  kiosk = await startSharingKiosk({
    brokerUrl: broker.url,
    kioskId: KIOSK,
    password: broker.password,
    dataDir: join(dir, 'kiosk'),
    trusted: [centralKey.trusted],
    siteId: SITE,
    districtId: DISTRICT,
  });
  supervisor = await consoleLogin(central.url, 'jiancha', 'demo-jiancha-1');
  operator = await consoleLogin(central.url, 'yunwei', 'demo-yunwei-1');
  caseOnRecord = await kiosk.acceptCase();
  await centralHasCase(db, KIOSK, caseOnRecord.id);
});

after(async () => {
  await kiosk?.close();
  await central?.close();
  await sharing?.close();
  await observer?.endAsync();
  await db?.close();
  await broker?.close();
  removeDirSync(dir);
});

test('a department’s step entered through the console reaches the resident’s lookup, is audited, and central sees the kiosk on it', async () => {
  const res = await supervisor.post<Changed>(sharingApi.progress, {
    kioskId: KIOSK,
    caseId: caseOnRecord.id,
    department: '区民政局',
    step: 'in-review',
    note: '材料审核中',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const [v] = res.body.versions;
  await kioskHolds(progress(KIOSK), v!.version, 'the step applied at the kiosk');
  const lookup = await kiosk.api('POST', '/api/cases/lookup', {
    receiptNo: caseOnRecord.number,
    idTail: caseOnRecord.applicantMaskedNumber.slice(-4),
    withCard: false,
  });
  const steps = (lookup.json as Lookup).cases[0]?.backOffice;
  assert.deepEqual(
    steps?.map((s) => [s.department, s.step, s.note]),
    [['区民政局', 'in-review', '材料审核中']],
  );
  const versions = await operator.get<{
    version: number;
    hash: string;
    kiosks: Array<{ kioskId: string; version: number }>;
  }>(`${sharingApi.versions}?dataset=progress&scope=kiosk&scopeId=${KIOSK}`);
  assert.equal(versions.status, 200);
  const until = Date.now() + 10_000;
  let seen = versions.body;
  while (!seen.kiosks.some((k) => k.version === v!.version) && Date.now() < until) {
    seen = (
      await operator.get<typeof seen>(`${sharingApi.versions}?dataset=progress&scope=kiosk&scopeId=${KIOSK}`)
    ).body;
  }
  assert.deepEqual(
    seen.kiosks.map((k) => [k.kioskId, k.version]),
    [[KIOSK, v!.version]],
  );
  const admin = await consoleLogin(central.url, 'admin', 'demo-admin-123');
  const audit = await admin.get<{
    rows: Array<{ action: string; actor: string; target: string; result: string }>;
  }>('/api/audit?action=sharing.progress');
  assert.ok(
    audit.body.rows.some(
      (r) => r.actor === 'jiancha' && r.result === 'ok' && r.target === `${KIOSK}/${caseOnRecord.id}`,
    ),
    JSON.stringify(audit.body.rows),
  );
});

test('the console refuses a step for a case the kiosk never accepted, the wrong role, a missing CSRF token and a bad step, changing nothing', async () => {
  const before = (
    await operator.get<{ version: number }>(
      `${sharingApi.versions}?dataset=progress&scope=kiosk&scopeId=${KIOSK}`,
    )
  ).body.version;
  const step = { kioskId: KIOSK, caseId: caseOnRecord.id, department: '区民政局', step: 'approved' };
  const foreign = await supervisor.post<{ code: string; error: string }>(sharingApi.progress, {
    ...step,
    caseId: 'NOT-HERE',
  });
  assert.equal(foreign.status, 404);
  assert.match(foreign.body.error, /no case NOT-HERE accepted at K-SIM-0001/);
  const otherKiosk = await supervisor.post<{ code: string }>(sharingApi.progress, {
    ...step,
    kioskId: 'K-SIM-0002',
  });
  assert.equal(otherKiosk.status, 404, 'a case’s steps go only to the kiosk that accepted it');
  const wrongRole = await operator.post<{ code: string }>(sharingApi.progress, step);
  assert.equal(wrongRole.status, 403);
  const badStep = await supervisor.post<{ error: string }>(sharingApi.progress, { ...step, step: 'done' });
  assert.equal(badStep.status, 422);
  assert.match(badStep.body.error, /\/step/);
  const forged = await fetch(`${central.url}${sharingApi.progress.slice(1)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await loginCookie() },
    body: JSON.stringify(step),
  });
  assert.equal(forged.status, 403);
  const afterAll = (
    await operator.get<{ version: number }>(
      `${sharingApi.versions}?dataset=progress&scope=kiosk&scopeId=${KIOSK}`,
    )
  ).body.version;
  assert.equal(afterAll, before, 'no refused request made a version');
});

async function loginCookie(): Promise<string> {
  const res = await fetch(`${central.url}api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'jiancha', password: 'demo-jiancha-1' }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const CSV_HEADER = 'itemId,name,department,lifeEvents,legalLimitDays,promisedLimitDays,materials,guide,forms';

test('a department’s catalogue CSV and a JSON change flow down as versions the kiosk holds with central’s hash; a bad row is refused by its line', async () => {
  const bad = await operator.post<{ error: string }>(sharingApi.catalogueBatch, {
    scope: 'district',
    scopeId: DISTRICT,
    format: 'csv',
    content: `${CSV_HEADER}\nbirth-cert,出生医学证明,区卫健委,birth,20,10,身份证|户口簿,指南,\nbad,无期限,区民政局,,x,5,,,\n`,
  });
  assert.equal(bad.status, 422);
  assert.match(bad.body.error, /line 3: legalLimitDays/);
  const csv = await operator.post<Changed>(sharingApi.catalogueBatch, {
    scope: 'district',
    scopeId: DISTRICT,
    format: 'csv',
    content: `\uFEFF${CSV_HEADER}\nbirth-cert,出生医学证明,区卫健委,birth,20,10,"身份证|户口簿","带好材料, 到窗口办理",申请表=https://gov.example.cn/f/1.pdf\nretire,退休申请,区人社局,retirement,30,15,身份证,指南,\n`,
  });
  assert.equal(csv.status, 201, JSON.stringify(csv.body));
  assert.equal(csv.body.operations, 2);
  const change = await operator.post<Changed>(sharingApi.catalogue, {
    scope: 'district',
    scopeId: DISTRICT,
    delete: ['retire'],
  });
  assert.equal(change.status, 201, JSON.stringify(change.body));
  const version = change.body.versions[0]!.version;
  assert.equal(version, csv.body.versions[0]!.version + 1);
  await kioskHolds(catalogue, version, 'the catalogue applied');
  const head = (
    await operator.get<{ hash: string; entries: number; kiosks: Array<{ version: number; hash: string }> }>(
      `${sharingApi.versions}?dataset=catalogue&scope=district&scopeId=${DISTRICT}`,
    )
  ).body;
  assert.equal(head.entries, 1);
  const held = kiosk.running.appliance;
  assert.ok(held, 'the appliance runs');
  const report = inbox.all
    .filter((m) => m.topic === shareTopics.reported(KIOSK))
    .map(reportOf)
    .at(-1)!;
  assert.equal(report.streams.find((s) => s.dataset === 'catalogue')?.hash, head.hash);
  const supervisorTries = await supervisor.post(sharingApi.catalogue, {
    scope: 'district',
    scopeId: DISTRICT,
    delete: ['birth-cert'],
  });
  assert.equal(supervisorTries.status, 403, 'a supervisor does not publish the catalogue');
});

test('a department’s batch of back-office steps (CSV) lands on the case’s lookup; a row for a case of another centre refuses the whole file', async () => {
  const header = 'kioskId,caseId,department,step,at,note';
  const foreign = await supervisor.post<{ error: string }>(sharingApi.progressBatch, {
    format: 'csv',
    content: `${header}\n${KIOSK},${caseOnRecord.id},区民政局,approved,2026-12-03T10:00:00+08:00,\nK-SIM-0002,C-ELSEWHERE,区民政局,approved,,\n`,
  });
  assert.equal(foreign.status, 404);
  const file = await supervisor.post<Changed>(sharingApi.progressBatch, {
    format: 'csv',
    content: `${header}\n${KIOSK},${caseOnRecord.id},区民政局,approved,2026-12-03T10:00:00+08:00,\n${KIOSK},${caseOnRecord.id},区民政局,ready-for-collection,2026-12-04T09:00:00+08:00,到1号窗口领取\n`,
  });
  assert.equal(file.status, 201, JSON.stringify(file.body));
  await kioskHolds(progress(KIOSK), file.body.versions[0]!.version, 'the batch applied');
  const lookup = await kiosk.api('POST', '/api/cases/lookup', {
    receiptNo: caseOnRecord.number,
    idTail: caseOnRecord.applicantMaskedNumber.slice(-4),
    withCard: false,
  });
  assert.deepEqual(
    (lookup.json as Lookup).cases[0]?.backOffice?.map((s) => s.step),
    ['in-review', 'approved', 'ready-for-collection'],
  );
});

test('a booking taken from the booking service gets a code signed by central and joins the centre’s appointments, its holder masked by central; a caller’s own masked string is refused', async () => {
  const appointments: StreamRef = { dataset: 'appointments', scope: 'kiosk', scopeId: KIOSK };
  const versionBefore = (await sharing.store.head(appointments)).version;
  const booking = {
    kioskId: KIOSK,
    bookingId: 'WEB-20261209-001',
    serviceId: 'social-security',
    day: '2026-12-09',
    slot: '09:30',
  };
  // A forged "masked" holder (the name in clear) is not taken, whatever it claims to be.
  const forged = await supervisor.post<{ error: string }>(sharingApi.appointments, {
    ...booking,
    holderMasked: '王小明',
  });
  assert.equal(forged.status, 422, JSON.stringify(forged.body));
  assert.equal((await sharing.store.head(appointments)).version, versionBefore, 'nothing was booked');
  const res = await supervisor.post<{ bookingId: string; version: number; code: string }>(
    sharingApi.appointments,
    { ...booking, holder: { name: '王小明', idNumber: '11010519491231002X' } },
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const shared = (await sharing.store.snapshot(appointments)).entries['WEB-20261209-001'] as {
    holderMasked?: string;
  };
  assert.equal(shared.holderMasked, '王*明 1101**********002X', 'central masked the holder itself');
  assert.doesNotMatch(
    JSON.stringify(await sharing.store.snapshot(appointments)),
    /王小明|11010519491231002X/,
  );
  const verdict = verifyCentralBooking(res.body.code, [centralKey.trusted]);
  assert.deepEqual(verdict, {
    ok: true,
    fields: {
      kioskId: KIOSK,
      bookingId: 'WEB-20261209-001',
      serviceId: 'social-security',
      day: '2026-12-09',
      slot: '09:30',
    },
  });
  assert.deepEqual(verifyCentralBooking(res.body.code, [generateSigningKey().trusted]), {
    ok: false,
    why: 'unknown-key',
  });
  const tampered = res.body.code.replace('.', '.A');
  assert.equal(verifyCentralBooking(tampered, [centralKey.trusted]).ok, false);
  await kioskHolds(
    { dataset: 'appointments', scope: 'kiosk', scopeId: KIOSK },
    res.body.version,
    'the booking applied',
  );
  const list = await kiosk.api('GET', '/api/staff/appointments?day=2026-12-09');
  assert.match(JSON.stringify(list.json), /WEB-20261209-001/);
});

test('a supervision notice issued on the console reaches the centre’s kiosk, and leaves it when revoked', async () => {
  const issued = await supervisor.post<{ id: string | number }>('/api/supervision/notices', {
    centre: KIOSK,
    caseId: caseOnRecord.id,
    kind: 'urge',
  });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  const notices: StreamRef = { dataset: 'notices', scope: 'kiosk', scopeId: KIOSK };
  await kioskHolds(notices, 1, 'the notice at the kiosk');
  const held = await sharing.store.snapshot(notices);
  const entry = held.entries[String(issued.body.id)] as { kind: string; caseId: string; text: string };
  assert.equal(entry.caseId, caseOnRecord.id);
  assert.match(
    entry.text,
    new RegExp(`^催办通知：办件 ${caseOnRecord.number}，依据《.+》，请于 \\d{4}-\\d{2}-\\d{2} 前回告。$`),
  );
  const revoked = await supervisor.post(`/api/supervision/notices/${issued.body.id}/revoke`, {
    reason: '误发，案件未超期',
  });
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  await kioskHolds(notices, held.version + 1, 'the revocation at the kiosk');
  assert.deepEqual((await sharing.store.snapshot(notices)).entries, {});
});

type NoticeList = { notices: NoticeView[] };

/** Polls `read` until `ok` holds of what it returns (bounded), and returns that. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 15_000;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`${what} never happened: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

test('a notice issued at central shows on the centre’s staff API; the reply (回告) written there reaches central’s notice and comes back recorded; no session, no reply', async () => {
  const issued = await supervisor.post<{ id: string | number; reply_by: string }>(
    '/api/supervision/notices',
    {
      centre: KIOSK,
      caseId: caseOnRecord.id,
      kind: 'yellow',
    },
  );
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  const id = String(issued.body.id);
  const listed = async () => (await kiosk.api('GET', noticesApiPaths.list)).json as NoticeList;
  const seen = await until(
    listed,
    (l) => l.notices.some((n) => n.noticeId === id),
    'the notice at the centre',
  );
  const notice = seen.notices.find((n) => n.noticeId === id)!;
  assert.deepEqual(
    { kind: notice.kind, kindName: notice.kindName, caseId: notice.caseId, caseNumber: notice.caseNumber },
    { kind: 'yellow', kindName: '黄牌督办通知书', caseId: caseOnRecord.id, caseNumber: caseOnRecord.number },
  );
  assert.match(notice.replyBy ?? '', /^\d{4}-\d{2}-\d{2}$/);
  assert.match(
    notice.text,
    new RegExp(`^黄牌督办通知书：办件 ${caseOnRecord.number}，.+请于 ${notice.replyBy} 前回告。$`),
  );
  assert.equal(notice.reply, undefined);
  assert.deepEqual(Object.keys(notice).sort(), [
    'caseId',
    'caseNumber',
    'issuedAt',
    'kind',
    'kindName',
    'noticeId',
    'replyBy',
    'text',
  ]);
  const anonymous = await fetch(`${kiosk.running.url}${noticesApiPaths.reply(id)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: '冒名回告' }),
  });
  assert.equal(anonymous.status, 401);
  const anonymousList = await fetch(`${kiosk.running.url}${noticesApiPaths.list}`);
  assert.equal(anonymousList.status, 401);
  const unknown = await kiosk.api('POST', noticesApiPaths.reply('999999'), { text: '回告' });
  assert.equal(unknown.status, 404);
  const text = '已于当日办结该件，并对经办窗口进行约谈整改。';
  const replied = await kiosk.api('POST', noticesApiPaths.reply(id), { text });
  assert.equal(replied.status, 201, JSON.stringify(replied.json));
  assert.deepEqual((replied.json as NoticeView).reply?.state, 'sent');
  assert.equal((await kiosk.api('POST', noticesApiPaths.reply(id), { text: '再次回告' })).status, 409);
  const atCentral = await until(
    () =>
      supervisor.get<{
        rows: Array<{ id: string | number; state: string; reply: string; recorded_by: string }>;
      }>(`/api/supervision/notices?centre=${KIOSK}&state=replied`),
    (r) => r.body.rows.some((n) => String(n.id) === id),
    'the reply at central',
  );
  const row = atCentral.body.rows.find((n) => String(n.id) === id)!;
  assert.deepEqual([row.state, row.reply, row.recorded_by], ['replied', text, 'centre:clerk']);
  const back = await until(
    listed,
    (l) => l.notices.find((n) => n.noticeId === id)?.reply?.state === 'recorded',
    'the recorded reply back at the centre',
  );
  assert.equal(back.notices.find((n) => n.noticeId === id)?.reply?.text, text);
});

test('on PostgreSQL, concurrent changes through the console each become their own version, none lost', async () => {
  const pg = await startPostgres();
  const pgDb = await openCentralDb(pg.url);
  const pgSharing = await startSharingService({
    db: pgDb,
    brokerUrl: broker.urlFor('svc-share'),
    mqttOptions: { clientId: 'svc-share.pg-test' },
    key: centralKey.signing,
    districtId: 'PG',
  });
  const pgCentral = await startCentral({
    db: pgDb,
    demoAccounts: true,
    modules: [pgSharing.module],
    webDir: join(dir, 'no-web'),
  });
  try {
    const op = await consoleLogin(pgCentral.url, 'yunwei', 'demo-yunwei-1');
    const item = (i: number) => ({
      itemId: `item-${i}`,
      name: `事项 ${i}`,
      department: '区民政局',
      lifeEvents: ['retirement'],
      legalLimitDays: 20,
      promisedLimitDays: 10,
      materials: ['身份证'],
      guide: '',
      forms: [],
    });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        op.post<Changed>(sharingApi.catalogue, { scope: 'district', scopeId: 'PG', put: [item(i)] }),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [201, 201, 201, 201, 201, 201],
    );
    assert.deepEqual(
      answers.map((a) => a.body.versions[0]!.version).sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6],
    );
    const streams = await op.get<{ streams: Array<{ scopeId: string; version: number; entries: number }> }>(
      sharingApi.streams,
    );
    assert.deepEqual(
      streams.body.streams.map((s) => [s.scopeId, s.version, s.entries]),
      [['PG', 6, 6]],
    );
  } finally {
    await pgCentral.close();
    await pgSharing.close();
    await pgDb.close();
    await pg.stop();
  }
});

test('with the uplink down, a code central signed checks the resident in at the kiosk, once; a forged or another kiosk’s code does not', async () => {
  const today = kiosk.running.appliance.queue.today();
  const book = (bookingId: string, kioskId = KIOSK) =>
    supervisor.post<{ code: string }>(sharingApi.appointments, {
      kioskId,
      bookingId,
      serviceId: 'social-security',
      day: today,
      slot: '16:30',
    });
  // The broker is gone before the booking is made: the kiosk never hears of it but by its code.
  await broker.stop();
  const mine = await book('WEB-TODAY-001');
  const elsewhere = await book('WEB-TODAY-002', 'K-SIM-0009');
  assert.equal(mine.status, 201);
  assert.equal(kiosk.running.appliance.store.get('appointment', 'WEB-TODAY-001'), undefined);
  const checkIn = (code: string) =>
    fetch(`${kiosk.running.url}/api/appointments/check-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, withCard: false }),
    });
  const first = await checkIn(mine.body.code.toLowerCase());
  assert.equal(first.status, 200, await first.clone().text());
  const { ticket } = (await first.json()) as { ticket: { number: string; priority: boolean } };
  assert.equal(ticket.priority, true, 'an appointment is served first');
  assert.equal((await checkIn(mine.body.code)).status, 409, 'a code checks in once');
  const other = await checkIn(elsewhere.body.code);
  assert.equal(other.status, 422, 'a code for another kiosk is refused');
  const forged = signCentralBooking(
    { kioskId: KIOSK, bookingId: 'FORGED', serviceId: 'social-security', day: today, slot: '16:30' },
    generateSigningKey().signing,
  );
  assert.equal((await checkIn(forged)).status, 422, 'a code not signed by central’s pinned key is refused');
});
