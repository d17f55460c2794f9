/**
 * A counter's rating screen (/rating/), paired like the kiosk, in Chromium against the real
 * appliance: dark while nobody is served, the clerk's name and 工号 once a ticket is called, lit
 * with the five levels when the clerk finishes, a reason asked for 不满意, one rating per visit.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { pairScreenAt } from '../appliance/http/test-appliance.ts';
import { DEVICE_COOKIE } from '../contract/api.ts';
import { type RealHarness, startRealHarness } from './test-support/real-appliance.ts';
import { staffSession } from './test-support/staff-session.ts';

const SCREEN = { width: 1024, height: 600 };
let h: RealHarness;

before(async () => {
  h = await startRealHarness();
});
after(async () => {
  await h?.close();
});

async function ratingScreen(counterId: string): Promise<Page> {
  const page = await h.browser.newPage({ viewport: SCREEN, locale: 'zh-CN' });
  const { cookie } = await pairScreenAt(h.url, h.sim.running.dataDir, 'counter-rating', counterId);
  await page
    .context()
    .addCookies([{ name: DEVICE_COOKIE, value: cookie.slice(cookie.indexOf('=') + 1), url: h.url }]);
  await page.goto(`${h.url}/rating/`);
  return page;
}

async function takeTicket(serviceId: string): Promise<string> {
  const res = await fetch(`${h.url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId, withCard: false }),
  });
  assert.equal(res.status, 201);
  return ((await res.json()) as { ticket: { number: string } }).ticket.number;
}

const lit = (page: Page) => page.getByTestId('rating-screen').getAttribute('data-lit');

test('the screen lights up when the clerk finishes, names the clerk and takes one rating with its reason', async () => {
  const page = await ratingScreen('w2');
  await page.getByText('2号窗口 服务评价').waitFor();
  await page.getByText('欢迎办理业务').waitFor();
  assert.equal(await lit(page), 'false');
  assert.equal(await page.getByRole('button', { name: '满意', exact: true }).count(), 0);

  const number = await takeTicket('elderly-care');
  const staff = await staffSession(h.url);
  await staff.callNext('w2');
  await page.getByTestId('rating-serving').getByText(number).waitFor();
  const clerk = (await page.getByTestId('rating-clerk').textContent()) ?? '';
  assert.match(clerk, /工作人员：李晓红/);
  assert.match(clerk, /工号：0123/);
  assert.equal(await lit(page), 'false', 'no rating while the resident is still being served');

  await staff.finish('w2');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="rating-screen"]')?.getAttribute('data-lit') === 'true',
  );
  assert.match((await page.getByTestId('rating-ask').textContent()) ?? '', new RegExp(number));
  for (const level of ['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
    await page.getByRole('button', { name: level, exact: true }).waitFor();

  await page.getByRole('button', { name: '不满意', exact: true }).click();
  const send = page.getByTestId('rating-send');
  assert.equal(await send.isDisabled(), true, '不满意 needs a reason first');
  await page.getByRole('button', { name: '服务态度差' }).click();
  await send.click();
  await page.getByTestId('rating-thanks').waitFor();
  assert.equal(await lit(page), 'false');

  const ratings = h.sim.running.appliance.store.all('rating');
  assert.equal(ratings.length, 1);
  assert.equal(ratings[0]?.score, 2);
  assert.deepEqual(ratings[0]?.reasons, ['attitude']);

  // 一次一评: a reload shows the thanks, not the levels; a second post is refused.
  await page.reload();
  await page.getByTestId('rating-thanks').waitFor();
  const again = await page.evaluate(
    async (n) =>
      (
        await fetch('/api/ratings', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ticketNumber: n, score: 5 }),
        })
      ).status,
    number,
  );
  assert.equal(again, 409);

  // The next visit lights the screen anew, for its own number.
  const next = await takeTicket('elderly-care');
  await staff.callNext('w2');
  await page.getByTestId('rating-serving').getByText(next).waitFor();
  await staff.finish('w2');
  await page.getByTestId('rating-ask').getByText(next).waitFor();
  await page.getByRole('button', { name: '非常满意', exact: true }).click();
  await page.getByTestId('rating-thanks').waitFor();
  assert.equal(h.sim.running.appliance.store.all('rating').length, 2);
  await page.close();
});

test('another counter’s screen stays dark, and an unpaired browser is told to pair', async () => {
  const other = await ratingScreen('w1');
  await other.getByText('1号窗口 服务评价').waitFor();
  assert.equal(await lit(other), 'false');
  assert.equal(await other.getByTestId('rating-clerk').count(), 0);
  await other.close();
  const stranger = await h.browser.newPage({ viewport: SCREEN, locale: 'zh-CN' });
  await stranger.goto(`${h.url}/rating/`);
  await stranger.getByText('本评价器尚未配对，请联系管理员').waitFor();
  await stranger.close();
});
