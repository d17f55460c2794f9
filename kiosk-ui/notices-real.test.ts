/**
 * The admin panel's supervision notices in Chromium against the real appliance: a notice as central
 * shares it down (the `notices` dataset; its way through the broker is tested in
 * fleet/console-sharing) is listed with its kind, case, deadline and text, prints alone, and the
 * reply typed in goes into the outbox as `notice.replied`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { NoticeEntry } from '../contract/sharing.ts';
import { auditNamesAndContrast } from './test-support/a11y-audit.ts';
import { strayLatin } from './test-support/latin-words.ts';
import { type RealHarness, startRealHarness } from './test-support/real-appliance.ts';

let h: RealHarness;
let admin: Page;
const notice: NoticeEntry = {
  noticeId: '41',
  kind: 'yellow',
  caseId: 'C-TEST-1',
  caseNumber: '20261201-0007',
  text: '黄牌督办通知书：办件 20261201-0007，依据《行政审批时限监察规则》，请于 2026-12-08 前回告。',
  issuedAt: Date.parse('2026-12-01T02:00:00Z'),
  replyBy: '2026-12-08',
};

before(async () => {
  h = await startRealHarness();
  h.sim.running.appliance.attachNotices(() => [notice]);
  admin = await h.open('/admin/');
  await h.signIn(admin);
});
after(async () => {
  await h?.close();
});

test('a notice shows with its kind, case, deadline and text, prints alone on the page, and the reply written goes up in the outbox', async () => {
  await admin.getByTestId('tab-notices').click();
  const sheet = admin.getByTestId('notice');
  await sheet.waitFor();
  assert.equal(await sheet.getByTestId('notice-kind').textContent(), '黄牌督办通知书');
  assert.equal(await sheet.getByTestId('notice-case').textContent(), '20261201-0007');
  assert.equal(await sheet.getByTestId('notice-deadline').textContent(), '2026-12-08');
  assert.equal(await sheet.getByTestId('notice-text').textContent(), notice.text);
  assert.deepEqual(await strayLatin(admin), [], 'every word on the zh-CN screen is Chinese');
  const audit = await auditNamesAndContrast(admin);
  assert.deepEqual([audit.unnamed, audit.lowContrast], [[], []]);

  await admin.evaluate(() => {
    window.print = () => {
      (window as unknown as { printedWith: string | undefined }).printedWith =
        document.body.dataset.printNotice;
    };
  });
  await admin.emulateMedia({ media: 'print' });
  await admin.evaluate(() => {
    document.body.dataset.printNotice = '41';
    document.querySelector('[data-notice-id="41"]')?.setAttribute('data-printing', '');
  });
  assert.equal(await admin.locator('nav.tabs').isVisible(), false, 'the panel is hidden in print');
  assert.equal(await sheet.getByTestId('notice-text').isVisible(), true, 'the notice prints');
  assert.equal(await sheet.getByTestId('notice-print').isVisible(), false, 'its buttons do not');
  await admin.evaluate(() => {
    delete document.body.dataset.printNotice;
    document.querySelector('[data-printing]')?.removeAttribute('data-printing');
  });
  await admin.emulateMedia({ media: 'screen' });
  await sheet.getByTestId('notice-print').click();
  assert.equal(await admin.evaluate(() => (window as unknown as { printedWith?: string }).printedWith), '41');

  const store = h.sim.running.appliance.store;
  const committed = new Promise<unknown>((resolve) => store.once('committed', (c) => resolve(c.tx)));
  const text = '已督促经办窗口于本周内办结。';
  await sheet.getByTestId('notice-reply-text').fill(text);
  await sheet.getByTestId('notice-reply-send').click();
  await sheet.getByTestId('notice-answer').getByText('已提交，正在上报区中心').waitFor();
  const sent = store.get('notice-reply', '41');
  assert.deepEqual([sent?.text, sent?.by], [text, 'clerk']);
  const tx = (await committed) as { type: string; body: unknown } | undefined;
  assert.equal(tx?.type, 'notice.replied');
  assert.deepEqual(tx?.body, { noticeId: '41', text, day: sent?.day, clerk: 'clerk' });
});
