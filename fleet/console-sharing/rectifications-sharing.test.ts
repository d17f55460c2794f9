/**
 * The 好差评 loop both ways, and the centre's replies to notices, through the real parts: a 差评
 * given at the kiosk reaches central's rectifications; central's acts on it (reassignment,
 * escalation, 回访) in the console go down at once as the `rectifications` dataset to the centre's
 * admin API; the centre's answer written there goes up through the outbox and lands in central's
 * projection, its audit log and back down as recorded. A notice reply is audited at central, and a
 * late one (past its reply-by day, or after a revocation) is kept with what it is. Mosquitto with
 * the production ACL, PGlite, the console over HTTP, the appliance assembled as it ships.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { noticesApiPaths } from '../../contract/notices-api.ts';
import {
  type RectificationsResponse,
  type RectificationView,
  rectificationsApiPaths,
} from '../../contract/rectifications-api.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import { removeDirSync } from '../../test/support/cleanup.ts';
import { type ConsoleSession, consoleLogin } from '../../test/support/console-http.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import {
  centralHasCase,
  type SharingKiosk,
  startSharingKiosk,
  until,
} from '../../test/support/sharing-kiosk.ts';
import { type RunningCentral, startCentral } from '../central/start.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { type SharingService, startSharingService } from './service.ts';

const KIOSK = 'K-SIM-0001';
const centralKey = generateSigningKey();

let dir: string;
let broker: FleetBroker;
let db: CentralDb;
let sharing: SharingService;
let central: RunningCentral;
let kiosk: SharingKiosk;
let supervisor: ConsoleSession;
let admin: ConsoleSession;

type CentralRect = {
  rating_id: string;
  state: string;
  assignee: string | null;
  reply: string | null;
  escalated_to: string | null;
  visit_result: string | null;
};
type AuditRows = {
  rows: Array<{
    action: string;
    actor: string;
    client: string;
    result: string;
    detail: Record<string, unknown>;
  }>;
};
type NoticeRow = { id: number | string; state: string; reply: string | null; reply_status: string | null };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-rect-sharing-'));
  broker = await startFleetBroker([KIOSK, 'svc-share', 'svc-ingest']);
  db = await openCentralDb();
  sharing = await startSharingService({
    db,
    brokerUrl: broker.urlFor('svc-share'),
    key: centralKey.signing,
    districtId: 'NS',
    sites: { [KIOSK]: 'SITE-A' },
  });
  central = await startCentral({
    db,
    broker: { url: broker.urlFor('svc-ingest'), workerId: 'rect-test' },
    demoAccounts: true,
    modules: [sharing.module],
    webDir: join(dir, 'no-web'),
  });
  kiosk = await startSharingKiosk({
    brokerUrl: broker.url,
    kioskId: KIOSK,
    password: broker.password,
    dataDir: join(dir, 'kiosk'),
    trusted: [centralKey.trusted],
    siteId: 'SITE-A',
    districtId: 'NS',
  });
  supervisor = await consoleLogin(central.url, 'jiancha', 'demo-jiancha-1');
  admin = await consoleLogin(central.url, 'admin', 'demo-admin-123');
});

after(async () => {
  await kiosk?.close();
  await central?.close();
  await sharing?.close();
  await db?.close();
  await broker?.close();
  removeDirSync(dir);
});

const listed = async (ratingId: string): Promise<RectificationView | undefined> =>
  ((await kiosk.api('GET', rectificationsApiPaths.list)).json as RectificationsResponse).rectifications.find(
    (r) => r.ratingId === ratingId,
  );

const atCentral = async (ratingId: string): Promise<CentralRect | undefined> =>
  (await supervisor.get<{ rows: CentralRect[] }>(`/api/rectifications?centre=${KIOSK}`)).body.rows.find(
    (r) => r.rating_id === ratingId,
  );

const act = (ratingId: string, body: Record<string, unknown>) =>
  supervisor.post(`/api/rectifications/${KIOSK}/${encodeURIComponent(ratingId)}/act`, body);

test('central’s reassignment, escalation and 回访 reach the centre’s admin API; the centre’s answer goes up, is projected and audited at central, and comes back recorded', async () => {
  const accepted = await kiosk.acceptCase();
  const rating = await kiosk.running.appliance.desk.ratings.rate({
    subject: { kind: 'case', id: accepted.id },
    score: 1,
    comment: '等候时间太长',
  });
  const first = await listed(rating.id);
  assert.deepEqual(
    [first?.score, first?.dueDay, first?.central, first?.canAnswer],
    [1, rating.rectifyBy, undefined, true],
    'the 差评 is listed before central has acted on it',
  );
  await until('the 差评 at central', () => atCentral(rating.id));

  const reassigned = await act(rating.id, { action: 'reassign', to: '综合窗口王主任' });
  assert.equal(reassigned.status, 200, JSON.stringify(reassigned.body));
  const seen = await until('the reassignment at the centre', async () => {
    const r = await listed(rating.id);
    return r?.central?.assignee ? r : undefined;
  });
  assert.deepEqual(
    [seen.central?.state, seen.central?.assignee, seen.central?.acts.map((a) => a.action)],
    ['open', '综合窗口王主任', ['reassign']],
  );

  const text = '已约谈窗口人员，增开午间窗口。';
  const answered = await kiosk.api('POST', rectificationsApiPaths.answer(rating.id), { text });
  assert.equal(answered.status, 201, JSON.stringify(answered.json));
  assert.deepEqual(
    (answered.json as RectificationView).answers.map((a) => a.state),
    ['sent'],
  );
  const again = await kiosk.api('POST', rectificationsApiPaths.answer(rating.id), { text: '再次回复' });
  assert.equal(again.status, 409, 'a second answer waits until central has the first');

  const projected = await until('the answer at central', async () => {
    const r = await atCentral(rating.id);
    return r?.state === 'replied' ? r : undefined;
  });
  assert.equal(projected.reply, text);
  const events = await supervisor.get<{ events: Array<{ actor: string; action: string }> }>(
    `/api/rectifications/${KIOSK}/${encodeURIComponent(rating.id)}/events`,
  );
  assert.deepEqual(
    events.body.events.map((e) => [e.action, e.actor]),
    [
      ['reassign', 'jiancha'],
      ['reply', 'centre:clerk'],
    ],
  );
  const audit = await admin.get<AuditRows>('/api/audit?action=rectification.answer.centre');
  const row = audit.body.rows.find((r) => r.detail?.text === text);
  assert.deepEqual([row?.actor, row?.client, row?.result], ['centre:clerk', KIOSK, 'ok']);
  await until('the answer recorded back at the centre', async () => {
    const r = await listed(rating.id);
    return r?.answers[0]?.state === 'recorded' && r.central?.state === 'replied' ? r : undefined;
  });

  assert.equal((await act(rating.id, { action: 'escalate', to: '区监察科' })).status, 200);
  await until('the escalation at the centre', async () => {
    const r = await listed(rating.id);
    return r?.central?.escalated?.to === '区监察科' && r.central.state === 'escalated' ? r : undefined;
  });
  const visited = await act(rating.id, { action: 'visit', text: '电话回访，群众表示满意', satisfied: true });
  assert.equal(visited.status, 200, JSON.stringify(visited.body));
  const closed = await until('the 回访 at the centre', async () => {
    const r = await listed(rating.id);
    return r?.central?.state === 'visited' ? r : undefined;
  });
  assert.deepEqual(
    [closed.central?.visit?.result, closed.central?.visit?.satisfied, closed.canAnswer],
    ['电话回访，群众表示满意', true, false],
  );
  const late = await kiosk.api('POST', rectificationsApiPaths.answer(rating.id), { text: '补充说明' });
  assert.equal(late.status, 409, 'no answer after the 回访 closed it');
  assert.equal(
    (await kiosk.api('POST', rectificationsApiPaths.answer('case:NOPE:x'), { text: '回复' })).status,
    404,
  );
  const anonymous = await fetch(`${kiosk.running.url}${rectificationsApiPaths.list}`);
  assert.equal(anonymous.status, 401);
});

const issue = async (caseId: string, kind: string) => {
  const res = await supervisor.post<{ id: number | string }>('/api/supervision/notices', {
    centre: KIOSK,
    caseId,
    kind,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const id = String(res.body.id);
  await until('the notice at the centre', async () => {
    const list = (await kiosk.api('GET', noticesApiPaths.list)).json as {
      notices: Array<{ noticeId: string }>;
    };
    return list.notices.some((n) => n.noticeId === id);
  });
  return id;
};

const noticeAtCentral = async (id: string) =>
  (await supervisor.get<{ rows: NoticeRow[] }>(`/api/supervision/notices?centre=${KIOSK}`)).body.rows.find(
    (n) => String(n.id) === id,
  );

test('a centre’s reply past its reply-by day is recorded as late, and one written after the revocation is kept beside it; each is in central’s audit log', async () => {
  const c = await kiosk.acceptCase();
  await centralHasCase(db, KIOSK, c.id);
  const lateId = await issue(c.id, 'urge');
  // The reply-by day has passed at central by the time the centre answers.
  await db.query(`UPDATE supervision_notices SET reply_by = '2020-01-06' WHERE id = $1`, [Number(lateId)]);
  assert.equal(
    (await kiosk.api('POST', noticesApiPaths.reply(lateId), { text: '已催办，迟复致歉。' })).status,
    201,
  );
  const late = await until('the late reply at central', async () => {
    const n = await noticeAtCentral(lateId);
    return n?.reply ? n : undefined;
  });
  assert.deepEqual([late.state, late.reply_status], ['replied', 'late']);

  const revokedId = await issue(c.id, 'yellow');
  // The centre writes its reply while the revocation has not reached it (the uplink is down).
  await broker.stop();
  const revoked = await supervisor.post(`/api/supervision/notices/${revokedId}/revoke`, {
    reason: '误发，案件未超期',
  });
  assert.equal(revoked.status, 200);
  assert.equal(
    (await kiosk.api('POST', noticesApiPaths.reply(revokedId), { text: '已整改完毕。' })).status,
    201,
  );
  await broker.start();
  const kept = await until('the reply after revocation at central', async () => {
    const n = await noticeAtCentral(revokedId);
    return n?.reply ? n : undefined;
  });
  assert.deepEqual(
    [kept.state, kept.reply, kept.reply_status],
    ['revoked', '已整改完毕。', 'after-revocation'],
  );
  await until('the revocation at the centre', async () => {
    const list = (await kiosk.api('GET', noticesApiPaths.list)).json as {
      notices: Array<{ noticeId: string }>;
    };
    return !list.notices.some((n) => n.noticeId === revokedId);
  });
  const audit = await admin.get<AuditRows>('/api/audit?action=notice.reply.centre');
  const statuses = audit.body.rows
    .filter((r) => r.actor === 'centre:clerk' && r.client === KIOSK)
    .map((r) => r.detail?.status)
    .sort();
  assert.deepEqual(statuses, ['after-revocation', 'late']);
});

test('two answers to one 差评 at once (a double click, two clerks): one is kept and the other refused, none lost', async () => {
  const accepted = await kiosk.acceptCase();
  const rating = await kiosk.running.appliance.desk.ratings.rate({
    subject: { kind: 'case', id: accepted.id },
    score: 1,
    comment: '材料被退回两次',
  });
  const texts = ['已电话致歉。', '已重新核对材料清单。'];
  const sent = await Promise.all(
    texts.map((text) => kiosk.api('POST', rectificationsApiPaths.answer(rating.id), { text })),
  );
  assert.deepEqual(
    sent.map((r) => r.status).sort(),
    [201, 409],
    'the second answer waits for the first to be recorded',
  );
  const kept = texts[sent.findIndex((r) => r.status === 201)];
  assert.deepEqual(
    (await listed(rating.id))?.answers.map((a) => a.text),
    [kept],
  );
});
