/**
 * The admin panel's 差评整改 in Chromium against the real appliance: a rectification as central
 * shares it down (the `rectifications` dataset; its way through the broker and back is tested in
 * fleet/console-sharing/rectifications-sharing.test.ts) shows central's state, the person now
 * responsible, the escalation and every act, in Chinese; the answer typed in goes into the outbox
 * as `rectification.answered` and shows as on its way.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { RectificationEntry } from '../contract/sharing.ts';
import { auditNamesAndContrast } from './test-support/a11y-audit.ts';
import { strayLatin } from './test-support/latin-words.ts';
import { type RealHarness, startRealHarness } from './test-support/real-appliance.ts';

let h: RealHarness;
let admin: Page;
const entry: RectificationEntry = {
  ratingId: 'case:C-TEST-9:social-security',
  serviceId: 'social-security',
  score: 1,
  openedDay: '2026-11-30',
  dueDay: '2026-12-07',
  state: 'escalated',
  assignee: '综合窗口王主任',
  escalated: { to: '区监察科', day: '2026-12-01' },
  acts: [
    { action: 'reassign', day: '2026-11-30', by: 'jiancha', to: '综合窗口王主任' },
    { action: 'escalate', day: '2026-12-01', by: 'jiancha', to: '区监察科' },
  ],
};

before(async () => {
  h = await startRealHarness();
  h.sim.running.appliance.attachRectifications(() => [entry]);
  admin = await h.open('/admin/');
  await h.signIn(admin);
});
after(async () => {
  await h?.close();
});

test('a rectification shows central’s state, assignee, escalation and acts in Chinese, and the answer written goes up in the outbox', async () => {
  await admin.getByTestId('tab-rectifications').click();
  const sheet = admin.getByTestId('rectification');
  await sheet.waitFor();
  assert.equal(await sheet.getByTestId('rect-score').textContent(), '非常不满意');
  assert.equal(await sheet.getByTestId('rect-due').textContent(), '2026-12-07');
  assert.equal(await sheet.getByTestId('rect-state').textContent(), '已升级督办');
  assert.equal(await sheet.getByTestId('rect-assignee').textContent(), '责任人：综合窗口王主任');
  assert.equal(await sheet.getByTestId('rect-escalated').textContent(), '已升级至：区监察科（2026-12-01）');
  assert.deepEqual(await sheet.getByTestId('rect-act').allTextContents(), [
    '2026-11-30 改派：综合窗口王主任',
    '2026-12-01 升级：区监察科',
  ]);
  assert.deepEqual(await strayLatin(admin), [], 'every word on the zh-CN screen is Chinese');
  const audit = await auditNamesAndContrast(admin);
  assert.deepEqual([audit.unnamed, audit.lowContrast], [[], []]);

  const store = h.sim.running.appliance.store;
  const committed = new Promise<unknown>((resolve) => store.once('committed', (c) => resolve(c.tx)));
  const text = '已增开午间窗口，并向群众致歉。';
  await sheet.getByTestId('rect-answer-text').fill(text);
  await sheet.getByTestId('rect-answer-send').click();
  await sheet.getByTestId('rect-answer-state').getByText('已提交，正在上报区中心').waitFor();
  assert.equal(
    await sheet.getByTestId('rect-answer-send').count(),
    0,
    'no second answer until central has it',
  );
  const tx = (await committed) as { type: string; body: { ratingId: string; text: string; clerk: string } };
  assert.equal(tx.type, 'rectification.answered');
  assert.deepEqual([tx.body.ratingId, tx.body.text, tx.body.clerk], [entry.ratingId, text, 'clerk']);
});
