/**
 * Every word on a Chinese screen is Chinese: each kiosk, admin and board screen reachable here,
 * against the real appliance, with the appliance's refusals and the scanner's notices, is read
 * back from Chromium and checked for Latin-script words (latin-words.ts says what is allowed).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { loadSimCard } from '../drivers/idcard/index.ts';
import { strayLatin } from './test-support/latin-words.ts';
import { BOARD, type RealHarness, startRealHarness } from './test-support/real-appliance.ts';
import { acceptCaseFor, staffSession } from './test-support/staff-session.ts';
import { takeTicket } from './test-support/tickets.ts';

let h: RealHarness;
const found: string[] = [];

before(async () => {
  h = await startRealHarness();
});
after(async () => {
  await h?.close();
});

async function check(page: Page, screen: string): Promise<void> {
  for (const stray of await strayLatin(page)) found.push(`${screen}: ${stray}`);
}

async function scan(text: string): Promise<void> {
  const res = await fetch(`${h.url}/api/sim/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  assert.equal(res.status, 204);
}

const back = (page: Page) => page.locator('.back-button').click();

test('kiosk: every screen, refusal and scan notice in Chinese', async () => {
  const printed = h.nextPrintJob();
  await takeTicket(h.url, 'consult');
  const ticketQr = (await printed).qrCodes[0] ?? '';
  const page = await h.open('/kiosk/');
  await page.locator('.tile-button').first().waitFor();
  await check(page, 'home');

  await page.getByTestId('side-guide').click();
  await check(page, 'guide list');
  const services = await page.locator('.guide-list button').count();
  for (let i = 0; i < services; i++) {
    await page.locator('.guide-list button').nth(i).click();
    await page.getByTestId('guide-detail').waitFor();
    await check(page, `guide ${i}`);
    await page.locator('.guide-detail > .secondary-button').click();
  }
  await back(page);

  await page.getByTestId('side-progress').click();
  await check(page, 'progress form');
  await page.getByTestId('lookup-code').fill('20000101-0009');
  await page.getByTestId('lookup-id-tail').fill('1234');
  await page.getByTestId('lookup-id-tail').press('Enter');
  await page.locator('.side-result').waitFor();
  await check(page, 'progress, nothing found');
  await back(page);

  await page.getByTestId('side-rating').click();
  for (const key of 'A999') await page.locator('.keypad-keys .key', { hasText: key }).first().click();
  await check(page, 'rating number');
  await page.locator('.rating-number > .primary-button').click();
  await check(page, 'rating scores');
  await page.locator('.rating-scores button').last().click();
  await page.locator('.rating-reasons').waitFor();
  await check(page, 'rating reasons (非常不满意)');
  await page.locator('.reason-choice').first().click();
  await page.getByTestId('rating-send').click();
  await page.getByTestId('side-failure').waitFor();
  await check(page, 'rating refused');
  await back(page);

  await page.getByTestId('side-appointment').click();
  await check(page, 'appointment without card');
  await back(page);

  await page.locator('[data-service-id="residence"]').click();
  await page.locator('.card-prompt').waitFor();
  await check(page, 'card prompt');
  await page.getByTestId('camera-open').click();
  await page.locator('[data-testid="camera-screen"][data-phase="no-camera"]').waitFor();
  await check(page, 'camera (no camera in this browser)');
  await page.locator('.back-button').click();
  await page.locator('[data-service-id="residence"]').click();
  await page.locator('.card-prompt').waitFor();
  await page.locator('.card-prompt .secondary-button').click();

  await page.locator('[data-service-id="consult"]').click();
  await page.getByTestId('ticket-number').waitFor();
  await check(page, 'ticket');
  await page.getByTestId('ticket-done').click();

  // A card whose number fails its check digit: the refusal is the screen's, not the server's.
  await h.placeCard('resident-bad-check');
  await page.locator('[data-service-id="consult"]').click();
  await page.locator('.error-screen').waitFor();
  await check(page, 'error: card number check digit');
  assert.match((await page.getByTestId('error-message').textContent()) ?? '', /校验/);
  await page.locator('.error-screen button').click();
  await h.removeCard();

  await h.placeCard('resident-li');
  await page.getByTestId('card-name').waitFor();
  await check(page, 'home with card');
  await page.locator('[data-service-id="elderly-care"]').click();
  await page.getByTestId('ticket-number').waitFor();
  await check(page, 'ticket taken with the card');
  await page.getByTestId('ticket-done').click();
  await page.getByTestId('take-card').waitFor();
  await check(page, 'home: take your card');
  await h.removeCard();
  await page.getByTestId('take-card').waitFor({ state: 'detached' });
  await h.placeCard('resident-li');
  await page.getByTestId('card-name').waitFor();
  await page.locator('[data-service-id="elderly-care"]').click();
  await page.locator('.error-screen').waitFor();
  await check(page, 'error: already holds a number');
  await page.locator('.error-screen button').click();
  await page.getByTestId('side-appointment').click();
  await page.getByTestId('appointment-with-card').click();
  await page.getByTestId('side-failure').waitFor();
  await check(page, 'appointment: none today');
  await back(page);
  await h.removeCard();

  const appliance = h.sim.running.appliance;
  const booked = await appliance.bookAppointment(
    {
      serviceId: 'social-security',
      day: appliance.queue.today(),
      slot: '11:00',
      idNumber: loadSimCard('resident-li').number,
    },
    'clerk',
  );
  for (const [what, text, shows] of [
    ['a ticket', ticketQr, /排队号/],
    ['an appointment', booked.code, /签到成功/],
    ['a forged code', 'SQ1:forged', /无效/],
    ['a code of another version', 'SQ2.abc', /无法识别/],
    ['a foreign code', 'https://example.org/not-ours', /不是本中心/],
  ] as const) {
    await scan(text);
    await page
      .getByTestId('scan-notice')
      .filter({ hasText: shows })
      .waitFor({ timeout: 5000 })
      .catch(async (err: unknown) => {
        throw new Error(
          `${what}: the notice says "${await page
            .getByTestId('scan-notice')
            .textContent()
            .catch(
              () => '(none)',
            )}"; state scan ${JSON.stringify(h.sim.running.appliance.publicState().scan)}`,
          { cause: err },
        );
      });
    await check(page, `scan notice: ${what}`);
  }
  await page.close();
});

test('admin: login refusal, console, cases, report, devices and configuration in Chinese', async () => {
  await h.placeCard('resident-zhang');
  await takeTicket(h.url, 'assistance', true, h.kiosk);
  await h.removeCard();
  await acceptCaseFor(await staffSession(h.url), 'w2', 'dibao-apply', ['居民身份证']);
  await takeTicket(h.url, 'social-security');

  const page = await h.open('/admin/');
  await page.getByLabel('用户名').waitFor();
  await check(page, 'login');
  await page.getByLabel('用户名').fill('clerk');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('login-error').waitFor();
  await check(page, 'login refused');
  await h.signIn(page);
  await check(page, 'console');
  await page.getByTestId('counter-select').selectOption('w1');
  await page.getByTestId('call-next').click();
  await page.getByTestId('current-ticket').waitFor();
  await check(page, 'console serving');
  for (const tab of ['cases', 'report', 'devices', 'config'] as const) {
    await page.getByTestId(`tab-${tab}`).click();
    if (tab === 'cases') await page.getByTestId('case-card').first().waitFor();
    if (tab === 'report') await page.getByTestId('report-table').waitFor();
    if (tab === 'devices') await page.getByTestId('device-row').first().waitFor();
    await check(page, `admin ${tab}`);
  }
  await page.close();
});

test('board: calls, clock and waiting counts in Chinese; nothing found anywhere', async () => {
  const staff = await staffSession(h.url);
  await takeTicket(h.url, 'consult');
  await staff.callNext('w3');
  const page = await h.open('/board/', BOARD);
  await page.getByTestId('current-call').waitFor();
  await page.getByTestId('waiting-cell').first().waitFor();
  await check(page, 'board');
  await page.close();
  assert.deepEqual(found, [], found.join('\n'));
});
