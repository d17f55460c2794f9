import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { addStaff, setCentre } from './directory.ts';
import { type NotifyHarness, startNotifyHarness } from './testing/harness.ts';
import { testPhone } from './testing/phones.ts';

/** 10:00 in Beijing on a Tuesday. */
const MORNING = Date.UTC(2026, 2, 10, 2, 0, 0);
const KIOSK = 'K-NOTIFY-1';
let h: NotifyHarness;
let n = 0;
const phone = () => testPhone(5000 + n++);

before(async () => {
  h = await startNotifyHarness({ now: MORNING });
  await setCentre(h.db, KIOSK, { name: '桃源街社区服务中心', pickup: '桃源街社区服务中心1号窗口' });
});
after(() => h.close());

const toSmsc = (p: string) => h.smsc.messages().filter((m) => m.dest === p);

function caseTx(caseId: string, change: string, extra: Record<string, unknown> = {}) {
  return h.tx(KIOSK, 'case.changed', {
    caseId,
    number: `20260310-${caseId.slice(-4)}`,
    change,
    itemId: '低保申请',
    clerk: 'clerk-7',
    promisedDeadline: '2026-03-20',
    legalDeadline: '2026-03-27',
    ...extra,
  });
}

test('补正: the subscribed resident gets the missing materials, signed, once even if the transaction comes twice', async () => {
  const p = phone();
  const sub = await h.notifier.subscribe({
    kioskId: KIOSK,
    topic: { kind: 'case.progress', caseId: 'case-0001', number: '20260310-0001' },
    phone: `+86 ${p}`,
  });
  assert.equal(sub.status, 'subscribed');
  assert.equal(sub.status === 'subscribed' && sub.masked, `${p.slice(0, 3)}****${p.slice(-4)}`);
  const tx = caseTx('case-0001', 'suspend', { missingMaterials: ['户口簿复印件', '收入证明'] });
  await h.notifier.onTransaction(tx);
  await h.notifier.onTransaction(tx);
  const [row] = await h.settled('case', 'case-0001', 1, ['delivered']);
  assert.equal(row?.to, sub.status === 'subscribed' ? sub.masked : '');
  const got = toSmsc(p);
  assert.equal(got.length, 1);
  assert.match(
    got[0]!.text,
    /^【社区服务】您的申请（受理编号20260310-0001）需补正材料：户口簿复印件、收入证明。/,
  );
  assert.match(got[0]!.text, /回TD退订$/);
  assert.equal((await h.notifier.deliveryFor('case', 'case-0001')).length, 1);
});

test('turn near: one message when the people ahead reach N, not before, not again', async () => {
  const p = phone();
  const issue = (i: number) =>
    h.tx(KIOSK, 'ticket.issued', {
      ticketId: `T-${i}`,
      number: `A${String(i).padStart(3, '0')}`,
      serviceId: 'ss',
      priority: false,
      day: '2026-03-10',
      issuedAt: MORNING + i,
    });
  for (let i = 1; i <= 5; i++) await h.notifier.onTransaction(issue(i));
  await h.notifier.subscribe({
    kioskId: KIOSK,
    topic: { kind: 'queue.ahead', ticketId: 'T-5', number: 'A005', ahead: 2 },
    phone: p,
  });
  await h.notifier.onTransaction(h.tx(KIOSK, 'ticket.called', { ticketId: 'T-1' }));
  assert.equal((await h.notifier.deliveryFor('ticket', 'T-5')).length, 0, 'three still ahead');
  await h.notifier.onTransaction(h.tx(KIOSK, 'ticket.no-show', { ticketId: 'T-2' }));
  const [row] = await h.settled('ticket', 'T-5', 1, ['delivered']);
  assert.equal(row?.kind, 'queue.ahead');
  await h.notifier.onTransaction(h.tx(KIOSK, 'ticket.called', { ticketId: 'T-3' }));
  await sleep(100);
  assert.equal((await h.notifier.deliveryFor('ticket', 'T-5')).length, 1);
  assert.match(toSmsc(p)[0]!.text, /您的A005号前面还有2人，请回到桃源街社区服务中心大厅留意叫号/);
});

test('supervision levels reach the clerk and centre head, cards the centre head and the supervisor', async () => {
  const clerk = phone();
  const head = phone();
  const supervisor = phone();
  await addStaff(
    h.db,
    h.vault,
    { role: 'clerk', centreId: KIOSK, staffRef: 'clerk-7', name: '王五', phone: clerk },
    MORNING,
  );
  await addStaff(
    h.db,
    h.vault,
    { role: 'centre-head', centreId: KIOSK, name: '李主任', phone: head },
    MORNING,
  );
  await addStaff(
    h.db,
    h.vault,
    { role: 'supervisor', centreId: '*', name: '赵监察', phone: supervisor },
    MORNING,
  );
  await h.notifier.onTransaction(caseTx('case-0002', 'level', { level: 'warning' }));
  const warning = await h.settled('case', 'case-0002', 2, ['delivered']);
  assert.deepEqual(warning.map((r) => r.role).sort(), ['centre-head', 'clerk']);
  await h.notifier.onTransaction(caseTx('case-0002', 'level', { level: 'red' }));
  const all = await h.settled('case', 'case-0002', 4, ['delivered']);
  const red = all.filter((r) => r.kind === 'case.red');
  assert.deepEqual(red.map((r) => r.role).sort(), ['centre-head', 'supervisor']);
  assert.match(
    toSmsc(supervisor)[0]!.text,
    /红牌督办：桃源街社区服务中心受理编号20260310-0002（低保申请）超过法定时限2026-03-27/,
  );
  assert.equal(toSmsc(clerk).length, 1, 'the clerk gets the warning only');
  const alert = await h.notifier.notifyOn({
    kind: 'fleet.alert',
    kioskId: KIOSK,
    alertId: 'alert-1',
    summary: '打印机缺纸',
    raisedAt: MORNING,
  });
  assert.equal(alert.length, 0, 'no operator in the directory: nobody to tell');
});

test('TD opts the number out: it is recorded, queued messages stop, later ones are refused with the reason', async () => {
  const p = phone();
  await h.notifier.subscribe({
    kioskId: KIOSK,
    topic: { kind: 'case.progress', caseId: 'case-0003', number: 'N3' },
    phone: p,
  });
  await h.smsc.sendMo(`86${p}`, ' td ');
  await h.notifier.onTransaction(caseTx('case-0003', 'complete'));
  const [row] = await h.settled('case', 'case-0003', 1, ['refused']);
  assert.equal(row?.reason, 'opted-out (replied TD)');
  assert.equal(toSmsc(p).length, 0);
  const [inbound] = await h.db.query<{ keyword: string; action: string }>(
    'SELECT keyword, action FROM notify_inbound ORDER BY id DESC LIMIT 1',
  );
  assert.deepEqual(inbound, { keyword: 'TD', action: 'opt-out' });
  // Asking again at the kiosk is fresh consent: the next message goes.
  await h.notifier.subscribe({
    kioskId: KIOSK,
    topic: { kind: 'case.progress', caseId: 'case-0004', number: 'N4' },
    phone: p,
  });
  await h.notifier.onTransaction(caseTx('case-0004', 'complete'));
  await h.settled('case', 'case-0004', 1, ['delivered']);
  assert.match(toSmsc(p)[0]!.text, /已办结，请携带受理回执和身份证件到桃源街社区服务中心1号窗口领取/);
});

test('quiet hours hold residents’ messages until morning; turn-near still goes at night', async () => {
  const p = phone();
  h.clock.now = Date.UTC(2026, 2, 10, 14, 30); // 22:30 in Beijing
  try {
    await h.notifier.subscribe({
      kioskId: KIOSK,
      topic: { kind: 'case.progress', caseId: 'case-0005', number: 'N5' },
      phone: p,
    });
    const [held] = await h.notifier.onTransaction(caseTx('case-0005', 'complete'));
    assert.equal(held?.state, 'held');
    assert.equal(held?.reason, 'quiet hours');
    const late = phone();
    await h.notifier.onTransaction(
      h.tx(KIOSK, 'ticket.issued', {
        ticketId: 'T-N',
        number: 'B001',
        serviceId: 'night',
        day: '2026-03-10',
        issuedAt: h.clock.now,
      }),
    );
    await h.notifier.subscribe({
      kioskId: KIOSK,
      topic: { kind: 'queue.ahead', ticketId: 'T-N', number: 'B001', ahead: 3 },
      phone: late,
    });
    await h.settled('ticket', 'T-N', 1, ['delivered']);
    assert.equal(toSmsc(late).length, 1, 'turn-near is about now: it goes at night');
    assert.equal(toSmsc(p).length, 0);
    assert.equal(await h.notifier.releaseDue(), 0, 'not yet morning');
    h.clock.now = Date.UTC(2026, 2, 11, 0, 1); // 08:01
    assert.equal(await h.notifier.releaseDue(), 1);
    await h.settled('case', 'case-0005', 1, ['delivered']);
  } finally {
    h.clock.now = MORNING;
  }
});

test('the per-recipient limit defers; a number the SMSC refuses is rejected, an undeliverable one says so', async () => {
  const p = phone();
  for (const c of ['a', 'b', 'c', 'd', 'e', 'f']) {
    await h.notifier.subscribe({
      kioskId: KIOSK,
      topic: { kind: 'case.progress', caseId: `rl-${c}`, number: c },
      phone: p,
    });
    await h.notifier.onTransaction(caseTx(`rl-${c}`, 'complete'));
  }
  await h.settled('case', 'rl-f', 1, ['delivered', 'deferred']);
  const states = [];
  for (const c of ['a', 'b', 'c', 'd', 'e', 'f'])
    states.push((await h.settled('case', `rl-${c}`, 1, ['delivered', 'deferred']))[0]!);
  assert.equal(states.filter((s) => s.state === 'delivered').length, 5, 'five an hour');
  assert.equal(states.find((s) => s.state === 'deferred')?.reason, 'per-recipient limit');

  const refused = phone();
  const gone = phone();
  h.smsc.refuse(refused);
  h.smsc.setOutcome(gone, 'UNDELIV');
  for (const [caseId, p2] of [
    ['bad-1', refused],
    ['bad-2', gone],
  ] as const) {
    await h.notifier.subscribe({
      kioskId: KIOSK,
      topic: { kind: 'case.progress', caseId, number: caseId },
      phone: p2,
    });
    await h.notifier.onTransaction(caseTx(caseId, 'complete'));
  }
  assert.equal((await h.settled('case', 'bad-1', 1, ['rejected']))[0]?.reason, 'ESME_RINVDSTADR');
  assert.match((await h.settled('case', 'bad-2', 1, ['undelivered']))[0]?.reason ?? '', /^UNDELIV/);
  assert.deepEqual(
    await h.notifier.subscribe({
      kioskId: KIOSK,
      topic: { kind: 'case.progress', caseId: 'x', number: 'x' },
      phone: '12345',
    }),
    { status: 'invalid-phone' },
  );
});

test('SMSC down, then throttling: the message is retried with backoff and delivered once', async () => {
  const p = phone();
  await h.notifier.subscribe({
    kioskId: KIOSK,
    topic: { kind: 'case.progress', caseId: 'case-down', number: 'D' },
    phone: p,
  });
  await h.smsc.down();
  h.smsc.throttle(2);
  await h.notifier.onTransaction(caseTx('case-down', 'complete'));
  const [retrying] = await h.settled('case', 'case-down', 1, ['retrying']);
  assert.match(retrying?.reason ?? '', /SMSC unreachable/);
  await h.smsc.up();
  const [row] = await h.settled('case', 'case-down', 1, ['delivered']);
  assert.equal(toSmsc(p).length, 1);
  assert.ok(row!.attempts >= 2, 'the job queue ran it again');
  assert.ok(h.gateway.stats.throttled >= 2);
});

test('numbers are encrypted at rest, masked in logs, and purged with their case', async () => {
  const p = phone();
  await h.notifier.subscribe({
    kioskId: KIOSK,
    topic: { kind: 'case.progress', caseId: 'case-purge', number: 'P' },
    phone: p,
  });
  const hash = h.vault.hash(p);
  const [row] = await h.db.query<{ phone_enc: Buffer; masked: string }>(
    'SELECT phone_enc, masked FROM notify_phone WHERE phone_hash = $1',
    [hash],
  );
  assert.ok(row);
  assert.equal(Buffer.from(row.phone_enc).includes(Buffer.from(p)), false);
  assert.equal(h.vault.decrypt(Buffer.from(row.phone_enc), hash), p);
  const dump = JSON.stringify(await h.db.query('SELECT * FROM notify_message'));
  for (const used of h.smsc.accepted.map((a) => a.dest)) {
    assert.equal(dump.includes(used), false, 'no number in the message table');
    assert.equal(h.logs.join('\n').includes(used), false, 'no number in the log');
  }
  await h.notifier.purgeRef('case', 'case-purge');
  assert.equal((await h.db.query('SELECT 1 FROM notify_phone WHERE phone_hash = $1', [hash])).length, 0);
  // A ticket subscription ends with the day.
  const q = phone();
  await h.notifier.subscribe({
    kioskId: KIOSK,
    topic: { kind: 'queue.ahead', ticketId: 'T-99', number: 'A099', ahead: 3 },
    phone: q,
  });
  h.clock.now = MORNING + 86_400_000;
  try {
    const purged = await h.notifier.purge();
    assert.ok(purged.subscriptions >= 1);
    assert.equal(
      (await h.db.query('SELECT 1 FROM notify_phone WHERE phone_hash = $1', [h.vault.hash(q)])).length,
      0,
    );
  } finally {
    h.clock.now = MORNING;
  }
});
