/**
 * Central wired to the SMS notifications: transactions arriving through mosquitto queue messages in
 * ingest's own transaction, they go out through SMPP to a real SMSC on 127.0.0.1, an overdue
 * rectification is announced once, the case, tickets and rectifications pages in Chromium show each
 * message's delivery with the number masked, and a resident's number goes with the case's retention
 * (counted again from the decision).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import type { MqttClient } from 'mqtt';
import { type Browser, chromium } from 'playwright-core';
import { NotificationsResponse } from '../../contract/central-api.ts';
import { type TxEnvelope, topics } from '../../contract/mqtt.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient } from '../../test/support/mqtt.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { buildConsoleWeb } from '../console-web/build.ts';
import { addStaff, setCentre } from '../notify/directory.ts';
import { type NotifyHarness, startNotifyHarness } from '../notify/testing/harness.ts';
import { testPhone } from '../notify/testing/phones.ts';
import { announceOverdueRectifications } from './notifications.ts';
import { type RunningCentral, startCentral } from './start.ts';

const KIOSK = 'centre-01';
const CASE_ID = '01JQ0000000000000000000C01';
const RATING_ID = 'ticket:T1:assistance';
// 10:00 in Beijing: outside quiet hours.
const NOW = Date.UTC(2026, 2, 10, 2, 0, 0);

const caseBody = (change: string, level: string) => ({
  caseId: CASE_ID,
  number: '20260210-0001',
  applicantRef: 'a1b2c3d4e5f6',
  change,
  state: 'in-progress',
  level,
  worstLevel: level,
  serviceId: 'assistance',
  itemId: 'dibao',
  clerk: 'clerk1',
  counterId: 'w1',
  acceptedDay: '2026-02-10',
  legalLimitDays: 20,
  promisedLimitDays: 10,
  pausedWorkingDays: 0,
  promisedDeadline: '2026-02-27',
  legalDeadline: '2026-03-13',
  provisional: false,
});

describe('central sends SMS through fleet/notify and shows their delivery (PostgreSQL, mosquitto, SMPP)', () => {
  let pg: PostgresServer;
  let broker: MosquittoBroker;
  let h: NotifyHarness;
  let central: RunningCentral;
  let publisher: MqttClient;
  let browser: Browser;
  let webDir: string;
  const phones = [testPhone(4101), testPhone(4102)];

  before(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'shequ-console-web-'));
    [pg, broker] = await Promise.all([startPostgres(), startMosquitto(), buildConsoleWeb(webDir)]).then(
      ([p, b]) => [p, b] as const,
    );
    h = await startNotifyHarness({ dbUrl: pg.url, now: NOW });
    await setCentre(h.db, KIOSK, { name: '幸福街道社区服务中心', pickup: '幸福街道社区服务中心1号窗口' });
    await addStaff(
      h.db,
      h.vault,
      { role: 'centre-head', centreId: KIOSK, name: '王主任', phone: phones[0]! },
      NOW,
    );
    await addStaff(
      h.db,
      h.vault,
      { role: 'supervisor', centreId: '*', name: '李监察', phone: phones[1]! },
      NOW,
    );
    central = await startCentral({
      db: h.db,
      broker: { url: broker.url },
      notifier: h.notifier,
      demoAccounts: true,
      webDir,
    });
    publisher = await connectClient(broker.url, { clientId: 'centre-01-sim', protocolVersion: 5 });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await publisher?.endAsync();
    await central?.close();
    await h?.close();
    await Promise.all([broker?.stop(), pg?.stop()]);
    await rm(webDir, { recursive: true, force: true });
  });

  /** The console in Chromium as the demo's 监察 supervisor. */
  const loginAsSupervisor = async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(central.url);
    await page.fill('input[name=username]', 'jiancha');
    await page.fill('input[name=password]', 'demo-jiancha-1');
    await page.click('button[type=submit]');
    await page.getByTestId('who').waitFor();
    return { context, page };
  };

  const send = (txs: TxEnvelope[]) => {
    for (const t of txs) publisher.publish(topics.tx(t.kiosk), JSON.stringify(t), { qos: 1 });
  };

  test('a yellow card reaches the centre head and the supervisor, and the case page shows both deliveries masked', async () => {
    send([
      h.tx(KIOSK, 'case.accepted', caseBody('accepted', 'normal')),
      h.tx(KIOSK, 'case.changed', caseBody('level', 'yellow')),
    ]);
    const delivered = await h.settled('case', CASE_ID, 2, ['delivered']);
    assert.deepEqual(delivered.map((m) => m.role).sort(), ['centre-head', 'supervisor']);
    const parts = delivered.reduce((n, m) => n + m.segments, 0);
    assert.equal(h.smsc.accepted.length, parts, 'every part of both messages submitted to the SMSC');

    const { context, page } = await loginAsSupervisor();
    await page.goto(`${central.url}#/case/${KIOSK}/${CASE_ID}`);
    const table = page.getByTestId('deliveries');
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), 2);
    const text = (await table.textContent()) ?? '';
    for (const p of phones) {
      assert.ok(!text.includes(p), 'no number in full');
      assert.ok(text.includes(`${p.slice(0, 3)}****${p.slice(-4)}`), 'each number masked');
    }
    assert.match(text, /黄牌/);
    await context.close();
  });

  test('a ticket’s "turn near" SMS and its delivery state are on the tickets page, masked', async () => {
    const phone = testPhone(4103);
    const issue = (i: number) =>
      h.tx(KIOSK, 'ticket.issued', {
        ticketId: `TQ-${i}`,
        number: `Q${String(i).padStart(3, '0')}`,
        serviceId: 'assistance',
        priority: false,
        day: '2026-03-10',
        issuedAt: NOW + i,
      });
    send([1, 2, 3, 4].map(issue));
    const until = Date.now() + 15_000;
    while ((await central.db.query('SELECT 1 FROM tickets WHERE ticket_id = $1', ['TQ-4'])).length === 0) {
      assert.ok(Date.now() < until, 'the tickets reached central');
      await new Promise((r) => setTimeout(r, 50));
    }
    const sub = await h.notifier.subscribe({
      kioskId: KIOSK,
      topic: { kind: 'queue.ahead', ticketId: 'TQ-4', number: 'Q004', ahead: 2 },
      phone,
    });
    assert.equal(sub.status, 'subscribed');
    send([
      h.tx(KIOSK, 'ticket.called', {
        ticketId: 'TQ-1',
        number: 'Q001',
        counterId: 'w1',
        counterNumber: 1,
        clerk: 'clerk1',
        calledAt: NOW + 60_000,
        waitedMs: 60_000,
        finished: [],
      }),
    ]);
    await h.settled('ticket', 'TQ-4', 1, ['delivered']);

    const { context, page } = await loginAsSupervisor();
    await page.goto(`${central.url}#/tickets?day=2026-03-10&centre=${KIOSK}`);
    const sms = page.getByTestId('ticket-sms');
    await sms.waitFor();
    assert.equal(await sms.count(), 1, 'only the subscribed ticket caused a message');
    assert.equal(await sms.getAttribute('data-state'), 'delivered');
    const text = (await sms.textContent()) ?? '';
    assert.ok(text.includes(`${phone.slice(0, 3)}****${phone.slice(-4)}`), text);
    assert.ok(!(await page.content()).includes(phone), 'no number in full');
    assert.match(text, /已送达/);
    await context.close();
  });

  test('a resident’s number is kept for the case’s retention from its decision, then purged at central', async () => {
    const caseId = '01JQ0000000000000000000C02';
    const day = 86_400_000;
    const retention = h.notifier.config.retentionDays * day;
    const phone = testPhone(4104);
    const hash = h.vault.hash(phone);
    const phoneRows = async () =>
      (await central.db.query('SELECT 1 FROM notify_phone WHERE phone_hash = $1', [hash])).length;
    const body = (change: string, state: string) => ({ ...caseBody(change, 'normal'), caseId, state });
    try {
      const sub = await h.notifier.subscribe({
        kioskId: KIOSK,
        topic: { kind: 'case.progress', caseId, number: '20260210-0001' },
        phone,
      });
      assert.equal(sub.status, 'subscribed');
      send([h.tx(KIOSK, 'case.accepted', body('accepted', 'accepted'))]);
      // Decided a month after the opt-in, through the broker and central's ingest.
      h.clock.now = NOW + 30 * day;
      send([h.tx(KIOSK, 'case.changed', body('complete', 'completed'))]);
      const [decided] = await h.settled('case', caseId, 1, ['delivered']);
      assert.equal(decided?.kind, 'case.completed');
      assert.equal(decided?.to, `${phone.slice(0, 3)}****${phone.slice(-4)}`);

      // Past the retention counted from the opt-in, but not from the decision: still kept.
      h.clock.now = NOW + retention + day;
      await h.notifier.purge();
      assert.equal(await phoneRows(), 1, 'kept while the decided case is within its retention');
      // Past the retention from the decision: the number, the subscription and the messages go.
      h.clock.now = NOW + 30 * day + retention + day;
      await h.notifier.purge();
      assert.equal(await phoneRows(), 0, 'the encrypted number is gone');
      const subs = await central.db.query('SELECT 1 FROM notify_subscription WHERE ref_id = $1', [caseId]);
      assert.equal(subs.length, 0);
      assert.deepEqual(await h.notifier.deliveryFor('case', caseId), []);
      const messages = await central.db.query('SELECT 1 FROM notify_message WHERE ref_id = $1', [caseId]);
      assert.equal(messages.length, 0, 'its messages went with it');
    } finally {
      h.clock.now = NOW;
    }
  });

  test('a 差评 rectification is assigned on arrival and announced once when it goes overdue', async () => {
    send([
      h.tx(KIOSK, 'rating.given', {
        ratingId: RATING_ID,
        subject: { kind: 'ticket', id: 'T1' },
        serviceId: 'assistance',
        score: 1,
        day: '2026-02-02',
        comment: '等候时间太长',
        clerk: 'clerk1',
        rectifyBy: '2026-02-09',
      }),
    ]);
    const assigned = await h.settled('rectification', RATING_ID, 1, ['delivered']);
    assert.deepEqual([...new Set(assigned.map((m) => m.kind))], ['rectification.assigned']);
    assert.equal(await announceOverdueRectifications(central.db, h.notifier, '2026-03-10'), 1);
    const messages = await h.settled('rectification', RATING_ID, assigned.length + 1, ['delivered']);
    assert.equal(await announceOverdueRectifications(central.db, h.notifier, '2026-03-11'), 0, 'only once');
    assert.equal((await h.notifier.deliveryFor('rectification', RATING_ID)).length, messages.length);
    assert.ok(messages.some((m) => m.kind === 'rectification.overdue'));
    const res = await fetch(`${central.url}api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jiancha', password: 'demo-jiancha-1' }),
    });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const api = await fetch(
      `${central.url}api/notifications?ref=rectification&id=${encodeURIComponent(RATING_ID)}`,
      {
        headers: { cookie },
      },
    );
    const body: unknown = await api.json();
    if (!Value.Check(NotificationsResponse, body))
      assert.fail(
        `not as contract/central-api.ts says: ${[...Value.Errors(NotificationsResponse, body)][0]?.message}`,
      );
    assert.equal(body.messages.length, messages.length);
    assert.ok(body.messages.every((m) => /^\d{3}\*{4}\d{4}$/.test(m.to)));

    // The rectifications page shows each of them beside the rectification, with its delivery state.
    const { context, page } = await loginAsSupervisor();
    await page.goto(`${central.url}#/rectifications?centre=${KIOSK}`);
    const sms = page.getByTestId('rect-sms');
    await sms.first().waitFor();
    assert.equal(await sms.count(), messages.length);
    for (const one of await sms.all()) assert.equal(await one.getAttribute('data-state'), 'delivered');
    const head = phones[0]!;
    assert.ok(((await sms.first().textContent()) ?? '').includes(`${head.slice(0, 3)}****${head.slice(-4)}`));
    assert.ok(!(await page.content()).includes(head), 'no number in full');
    await context.close();
  });
  test('every message a case causes is on its case page with its delivery state: 预警, 补正, red card, decision to an opted-out number', async () => {
    const centre = 'centre-02';
    const caseId = '01JQ0000000000000000000C03';
    const clerkPhone = testPhone(4105);
    const headPhone = testPhone(4106);
    const resident = testPhone(4107);
    const mask = (p: string) => `${p.slice(0, 3)}****${p.slice(-4)}`;
    await setCentre(h.db, centre, { name: '和平街道社区服务中心', pickup: '和平街道社区服务中心2号窗口' });
    await addStaff(
      h.db,
      h.vault,
      { role: 'clerk', centreId: centre, staffRef: 'clerk1', name: '张办事员', phone: clerkPhone },
      NOW,
    );
    await addStaff(
      h.db,
      h.vault,
      { role: 'centre-head', centreId: centre, name: '赵主任', phone: headPhone },
      NOW,
    );
    await h.notifier.subscribe({
      kioskId: centre,
      topic: { kind: 'case.progress', caseId, number: '20260210-0001' },
      phone: resident,
    });
    const body = (change: string, state: string, level: string, extra: Record<string, unknown> = {}) => ({
      ...caseBody(change, level),
      caseId,
      state,
      ...extra,
    });
    send([
      h.tx(centre, 'case.accepted', body('accepted', 'accepted', 'normal')),
      h.tx(centre, 'case.changed', body('level', 'in-progress', 'warning')),
      h.tx(
        centre,
        'case.changed',
        body('suspend', 'suspended', 'warning', { missingMaterials: ['收入证明'] }),
      ),
      h.tx(centre, 'case.changed', body('level', 'suspended', 'red')),
    ]);
    await h.settled('case', caseId, 5, ['delivered']);
    // The resident replies TD through the SMSC: the decision is not sent, and the page says why.
    await h.smsc.sendMo(`86${resident}`, 'TD');
    const until = Date.now() + 15_000;
    while (
      (await h.db.query('SELECT 1 FROM notify_optout WHERE phone_hash = $1', [h.vault.hash(resident)]))
        .length === 0
    ) {
      assert.ok(Date.now() < until, 'the TD reached central');
      await new Promise((r) => setTimeout(r, 50));
    }
    send([h.tx(centre, 'case.changed', body('complete', 'completed', 'red'))]);
    const all = await h.settled('case', caseId, 6, ['delivered', 'refused']);
    assert.deepEqual(all.map((m) => `${m.kind} ${m.role} ${m.state}`).sort(), [
      'case.completed resident refused',
      'case.red centre-head delivered',
      'case.red supervisor delivered',
      'case.supplement resident delivered',
      'case.warning centre-head delivered',
      'case.warning clerk delivered',
    ]);

    const { context, page } = await loginAsSupervisor();
    await page.goto(`${central.url}#/case/${centre}/${caseId}`);
    const table = page.getByTestId('deliveries');
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), 6);
    assert.equal(await table.locator('.badge.b-delivered').count(), 5);
    assert.equal(await table.locator('.badge.b-opted-out').count(), 1, 'the TD number reads 已退订');
    const text = (await table.textContent()) ?? '';
    assert.match(text, /收入证明/);
    assert.match(text, /已退订/);
    for (const p of [clerkPhone, headPhone, resident, phones[1]!]) {
      assert.ok(text.includes(mask(p)), `${mask(p)} on the page`);
      assert.ok(!(await page.content()).includes(p), 'no number in full');
    }
    await context.close();
  });
});
