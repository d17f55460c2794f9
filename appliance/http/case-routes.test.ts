/** Cases, ratings, lookups and reports over the real HTTP API. */
import assert from 'node:assert/strict';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningAppliance } from '../assemble.ts';
import { startTestAppliance, type TestAppliance } from './test-appliance.ts';

let t: TestAppliance;
let running: RunningAppliance;
before(async () => {
  t = await startTestAppliance(undefined, { simulated: true });
  running = t.running;
  await running.auth.addUser('boss', 'supervisor-pass', 'supervisor');
});
after(() => t.close());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  t.call(method, path, body, headers);
const login = (username: string, password: string) => t.login(username, password);

test('accept a case from a served ticket, move it through 补正, complete it; the resident looks it up and rates', async () => {
  const h = await login('clerk', 'counter-pass-1');
  const issued = await call(
    'POST',
    '/api/tickets',
    { serviceId: 'social-security', withCard: false },
    t.kiosk,
  );
  // Without a card holder the case has no applicant and is refused with its reason.
  const called = await call('POST', '/api/staff/counters/w1/call-next', undefined, h);
  const noApplicant = await call(
    'POST',
    '/api/staff/cases',
    { ticketId: called.json.ticket.id, itemId: 'ssc-new', materials: [] },
    h,
  );
  assert.equal(noApplicant.status, 422);
  assert.equal(noApplicant.json.error.code, 'case.applicant-required');
  assert.equal(issued.status, 201);

  // A case needs an applicant from the ID card: take a ticket with a holder through the store directly.
  const vault = running.appliance.vault;
  const holder = {
    ref: vault.lookupRef('110105195003150019'),
    sealed: vault.seal({ name: '测试', number: '110105195003150019' }),
    maskedName: '测*',
    maskedNumber: '1101**********0019',
  };
  const ticket = await running.appliance.queue.issue({
    serviceId: 'social-security',
    priority: false,
    holder,
  });
  await call('POST', '/api/staff/counters/w1/call-next', undefined, h);
  const unknownItem = await call(
    'POST',
    '/api/staff/cases',
    { ticketId: ticket.id, itemId: 'nope', materials: [] },
    h,
  );
  assert.equal(unknownItem.status, 404);
  const accepted = await call(
    'POST',
    '/api/staff/cases',
    { ticketId: ticket.id, itemId: 'ssc-new', materials: ['居民身份证'] },
    h,
  );
  assert.equal(accepted.status, 201, JSON.stringify(accepted.json));
  const c = accepted.json.case;
  assert.equal(c.state, 'accepted');
  assert.equal(c.applicantMasked, '测*');
  assert.match(c.promisedDeadline, /^\d{4}-\d{2}-\d{2}$/);

  const noReason = await call('POST', `/api/staff/cases/${c.id}/refuse`, {}, h);
  assert.equal(noReason.status, 422);
  const suspended = await call(
    'POST',
    `/api/staff/cases/${c.id}/suspend`,
    { missingMaterials: ['近期一寸免冠照片'] },
    h,
  );
  assert.equal(suspended.json.state, 'suspended');
  assert.deepEqual(suspended.json.missingMaterials, ['近期一寸免冠照片']);
  const completeWhileSuspended = await call('POST', `/api/staff/cases/${c.id}/complete`, {}, h);
  assert.equal(completeWhileSuspended.status, 409);
  assert.match(completeWhileSuspended.json.error.message, /suspended/);
  await call('POST', `/api/staff/cases/${c.id}/resume`, { materialsReceived: ['近期一寸免冠照片'] }, h);
  const done = await call('POST', `/api/staff/cases/${c.id}/complete`, {}, h);
  assert.equal(done.json.state, 'completed');
  assert.equal((await call('POST', `/api/staff/cases/${c.id}/explode`, {}, h)).status, 404);

  const board = await call('GET', '/api/staff/cases', undefined, h);
  assert.equal(board.json.cases.length, 1);

  const lookup = await call('POST', '/api/cases/lookup', {
    receiptNo: c.number,
    idTail: '0019',
    withCard: false,
  });
  assert.equal(lookup.json.cases[0].status, 'completed');
  const receiptCode = running.appliance.codes.signCode({
    type: 'receipt',
    fields: { kioskId: 'K-SIM-0001', caseId: c.id, acceptedOn: c.acceptedDay },
  });
  const byQr = await call('POST', '/api/cases/lookup', { receiptNo: receiptCode, withCard: false });
  assert.equal(byQr.json.cases[0].receiptNo, c.number, 'the receipt QR finds the case');
  const tampered = receiptCode.slice(0, -1) + (receiptCode.endsWith('A') ? 'B' : 'A');
  const forged = await call('POST', '/api/cases/lookup', { receiptNo: tampered, withCard: false });
  assert.equal(forged.json.error.code, 'code.forged');
  assert.equal(forged.status, 422);
  const noCard = await call('POST', '/api/cases/lookup', { withCard: true }, t.kiosk);
  assert.equal(noCard.json.error.code, 'card.absent');

  // The resident rates on the rating screen of the counter that served them, once the clerk finishes.
  const w1 = await t.pair('counter-rating', 'w1');
  await call('POST', '/api/staff/counters/w1/finish', undefined, h);
  const noCardAtKiosk = await call(
    'POST',
    '/api/ratings',
    { ticketNumber: ticket.number, score: 1 },
    t.kiosk,
  );
  assert.equal(noCardAtKiosk.status, 403, 'a kiosk without that card on its reader does not rate it');
  assert.equal(noCardAtKiosk.json.error.code, 'rating.card-needed');
  assert.equal(
    (await call('POST', '/api/ratings', { ticketNumber: ticket.number, score: 5 }, w1)).status,
    204,
  );
  const twice = await call('POST', '/api/ratings', { ticketNumber: ticket.number, score: 1 }, w1);
  assert.equal(twice.status, 409);
  assert.equal(
    (await call('POST', '/api/ratings', { ticketNumber: ticket.number, score: 9 }, w1)).status,
    400,
  );

  const day = ticket.day;
  const report = await call('GET', `/api/staff/report?day=${day}`, undefined, h);
  assert.equal(report.json.overall.casesCompleted, 1);
  assert.equal(report.json.overall.ratingCount, 1);
  assert.deepEqual(report.json.byClerk, {}, "a clerk does not read the clerks' figures");
  const boss = await login('boss', 'supervisor-pass');
  const full = await call('GET', `/api/staff/report?day=${day}`, undefined, boss);
  assert.equal(full.json.byClerk.clerk.casesCompleted, 1, 'a supervisor does');
  const csv = await call('GET', `/api/staff/report.csv?day=${day}`, undefined, h);
  assert.match(csv.headers.get('content-type')!, /text\/csv/);
  assert.match(csv.text, /day,scope,name,tickets_served/);
  assert.match(csv.text, /"社保卡办理"/);
  assert.doesNotMatch(csv.text, /,clerk,/, 'nor in the CSV');
  assert.equal((await call('GET', '/api/staff/report?day=yesterday', undefined, h)).status, 400);
});

test('looking up a person needs a supervisor, and every lookup is in the audit log first', async () => {
  const clerk = await login('clerk', 'counter-pass-1');
  const body = { idNumber: '110105195003150019', reason: '申请人来电查询' };
  assert.equal((await call('POST', '/api/staff/person-lookup', body, clerk)).status, 403);
  const boss = await login('boss', 'supervisor-pass');
  const before = running.appliance.audit.entries().length;
  const found = await call('POST', '/api/staff/person-lookup', body, boss);
  assert.equal(found.status, 200);
  assert.ok(found.json.tickets.length >= 1);
  const entries = running.appliance.audit.entries();
  assert.equal(entries.length, before + 1);
  assert.equal(entries.at(-1)!.staff, 'boss');
  assert.ok(
    !JSON.stringify(entries).includes(body.idNumber),
    'the audit log holds a keyed hash, not the number',
  );
});

test('after compaction moves the day to the archive, its report, the month report, the person lookup and the receipt lookup read the same from it', async () => {
  const store = running.appliance.store;
  const boss = await login('boss', 'supervisor-pass');
  const day = store.all('ticket')[0]!.day;
  const completed = store.all('case').find((c) => c.state === 'completed')!;
  const person = { idNumber: '110105195003150019', reason: '申请人来电查询' };
  const before = {
    report: (await call('GET', `/api/staff/report?day=${day}`, undefined, boss)).json,
    month: (await call('GET', `/api/staff/report/month?month=${day.slice(0, 7)}`, undefined, boss)).json,
    person: (await call('POST', '/api/staff/person-lookup', person, boss)).json,
  };
  assert.equal(before.month.overall.casesCompleted, before.report.overall.casesCompleted);

  const tomorrow = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const result = await store.compact({
    today: tomorrow,
    dayOf: (ts) => new Date(ts + 8 * 3_600_000).toISOString().slice(0, 10),
    isAcked: () => true,
  });
  assert.ok(
    result.archived.size >= 3,
    `the day's tickets, case and rating are archived (${result.archived.size})`,
  );
  assert.equal(store.all('ticket').length, 0, 'no ticket of a past day is held in memory');
  assert.equal(store.get('case', completed.id), undefined, 'nor the closed case');

  const report = await call('GET', `/api/staff/report?day=${day}`, undefined, boss);
  assert.deepEqual(report.json, before.report, 'the day report reads the same from the archive');
  const month = await call('GET', `/api/staff/report/month?month=${day.slice(0, 7)}`, undefined, boss);
  assert.deepEqual(month.json, before.month, 'so does the month report');
  // It reads the day's summary added up at compaction, not the day's tickets or facts.
  const facts = join(store.dir, 'archive', 'days', day.slice(0, 7), `${day}.facts.json`);
  assert.ok(existsSync(join(store.dir, 'archive', 'days', day.slice(0, 7), `${day}.summary`)));
  renameSync(facts, `${facts}.aside`);
  const fromSummary = await call('GET', `/api/staff/report/month?month=${day.slice(0, 7)}`, undefined, boss);
  renameSync(`${facts}.aside`, facts);
  assert.deepEqual(fromSummary.json, before.month, 'the month report from the summaries alone');
  assert.equal((await call('GET', '/api/staff/report/month?month=2026-13', undefined, boss)).status, 400);
  const found = await call('POST', '/api/staff/person-lookup', person, boss);
  assert.equal(
    found.json.tickets.length,
    before.person.tickets.length,
    'the person lookup finds archived tickets',
  );
  assert.deepEqual(
    found.json.cases.map((c: { id: string }) => c.id).sort(),
    before.person.cases.map((c: { id: string }) => c.id).sort(),
    'and archived cases',
  );
  const lookup = await call('POST', '/api/cases/lookup', {
    receiptNo: completed.number,
    idTail: completed.applicant.maskedNumber.slice(-4),
    withCard: false,
  });
  assert.equal(
    lookup.json.cases[0]?.status,
    'completed',
    "the resident's receipt still finds the closed case",
  );
  const qr = running.appliance.codes.signCode({
    type: 'receipt',
    fields: { kioskId: 'K-SIM-0001', caseId: completed.id, acceptedOn: completed.acceptedDay },
  });
  assert.equal((await call('POST', '/api/sim/scan', { text: qr })).status, 204);
  let scan: { verdict?: string; receiptNo?: string } | null = null;
  for (let i = 0; i < 200 && scan?.verdict !== 'receipt'; i++) {
    scan = (await call('GET', '/api/state', undefined, t.kiosk)).json.scan;
    if (scan?.verdict !== 'receipt') await new Promise((r) => setTimeout(r, 20));
  }
  assert.deepEqual(
    { verdict: scan?.verdict, receiptNo: scan?.receiptNo },
    { verdict: 'receipt', receiptNo: completed.number },
    'its receipt QR under the scanner opens the archived case too',
  );
});
