/**
 * The built screens in a real Chromium against the mock appliance. Set SHEQU_SCREENSHOTS=/some/dir
 * to keep the screenshots.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { MOCK_STAFF, type MockAppliance } from './test-support/mock-appliance.ts';
import {
  LANDSCAPE,
  PORTRAIT,
  type ScreenHarness,
  startScreenHarness,
} from './test-support/screen-harness.ts';

let harness: ScreenHarness;
let appliance: MockAppliance;

before(async () => {
  harness = await startScreenHarness();
  appliance = harness.appliance;
});
after(async () => {
  await harness?.close();
});

const open = (path: string, viewport?: { width: number; height: number }): Promise<Page> =>
  harness.open(path, viewport);
const shoot = (page: Page, name: string): Promise<void> => harness.shoot(page, name);

test('kiosk: tap a service, see the ticket, return home', async () => {
  const page = await open('/kiosk/', PORTRAIT);
  await page.getByTestId('centre-name').getByText('示例街道社区服务中心').waitFor();
  const tile = page.getByRole('button', { name: '社保业务', exact: true });
  const box = await tile.boundingBox();
  assert.ok(box && box.height >= 64 && box.width >= 64, 'touch target at least 64 px');
  await shoot(page, 'kiosk-home');
  await tile.click();
  await page.getByTestId('ticket-number').getByText('A001').waitFor();
  assert.equal(await page.getByTestId('ticket-service').textContent(), '社保业务');
  await shoot(page, 'kiosk-ticket');
  await page.getByRole('button', { name: '完成' }).click();
  await tile.waitFor();
  await page.close();
});

test('kiosk: a card on the reader greets the resident and is used for the ticket', async () => {
  const page = await open('/kiosk/', PORTRAIT);
  await page.getByRole('button', { name: '低保申请', exact: true }).click();
  await page.getByText('办理“低保申请”需要身份证').waitFor();
  await shoot(page, 'kiosk-card-prompt');
  appliance.update((s) => {
    s.card = {
      maskedName: '张*丰',
      maskedNumber: '110************12X',
      cardType: 'resident',
      elderly: true,
      checkDigitValid: true,
    };
  });
  await page.getByTestId('ticket-number').getByText('B001').waitFor();
  const issued = appliance.queue.tickets.find((t) => t.number === 'B001');
  assert.equal(issued?.holderMasked, '张*丰');
  await page.getByRole('button', { name: '完成' }).click();
  await page.getByTestId('card-name').getByText('您好，张*丰').waitFor();
  await shoot(page, 'kiosk-home-card');
  appliance.update((s) => {
    s.card = null;
  });
  await page.getByTestId('card-name').waitFor({ state: 'detached' });
  await page.close();
});

test('kiosk: shows the offline banner when the stream drops and recovers', async () => {
  const page = await open('/kiosk/');
  await page.getByTestId('centre-name').getByText('示例街道社区服务中心').waitFor();
  assert.equal(await page.getByTestId('offline-banner').count(), 0);
  appliance.setStreamDown(true);
  await page.getByTestId('offline-banner').waitFor();
  await shoot(page, 'kiosk-offline');
  appliance.setStreamDown(false);
  await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 10_000 });
  await page.close();
});

test('admin: wrong password is refused, then login, see the queue, call next', async () => {
  const page = await open('/admin/');
  await page.getByLabel('用户名').fill(MOCK_STAFF.username);
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('login-error').waitFor();
  await page.getByLabel('密码').fill(MOCK_STAFF.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('call-next').waitFor();
  appliance.queue.take('social', false);
  appliance.update(() => {});
  const row = page.getByTestId('queue-row').filter({ hasText: 'A' }).first();
  await row.waitFor();
  await shoot(page, 'admin-console');
  const waitingBefore = await page.getByTestId('queue-row').count();
  await page.getByTestId('counter-select').selectOption('c1');
  await page.getByTestId('call-next').click();
  await page.getByTestId('current-ticket').getByText('A001').waitFor();
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="queue-row"]').length === n - 1,
    waitingBefore,
  );
  await shoot(page, 'admin-called');
  await page.close();
});

test('board: shows the latest call and the recent list, never a name', async () => {
  const page = await open('/board/', LANDSCAPE);
  await page.getByTestId('current-call').waitFor();
  appliance.queue.take('social', false);
  appliance.queue.callNext('c3');
  appliance.update(() => {});
  const latest = appliance.queue.state.calls[0]!;
  await page.getByTestId('current-call').getByText(`请 ${latest.ticketNumber} 号到 3 号窗口`).waitFor();
  assert.ok((await page.getByTestId('recent-call').count()) >= 1);
  const text = (await page.textContent('body')) ?? '';
  assert.doesNotMatch(text, /张\*丰/);
  await shoot(page, 'board');
  await page.close();
});

test('admin: devices tab shows reader, printer, uplink and the outbox; proposed actions say unsupported', async () => {
  const page = await open('/admin/');
  await page.getByLabel('用户名').fill(MOCK_STAFF.username);
  await page.getByLabel('密码').fill(MOCK_STAFF.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('call-next').waitFor();
  appliance.queue.take('social', false);
  appliance.update(() => {});
  await page.getByTestId('counter-select').selectOption('c1');
  await page.getByTestId('call-next').click();
  await page.getByTestId('recall').click();
  await page.getByTestId('console-message').getByText('本机服务暂不支持此操作').waitFor();
  appliance.update((s) => {
    s.devices.printer = { state: 'fault', detail: 'paper-out', since: Date.now() - 60_000 };
    s.devices.outbox = { depth: 7, oldestAgeMs: 125_000 };
  });
  await page.getByTestId('tab-devices').click();
  assert.equal(await page.getByTestId('device-row').count(), 3);
  await page.getByTestId('device-row').filter({ hasText: '号票打印机' }).getByText('故障').waitFor();
  await page.getByTestId('outbox-row').getByText('7 条').waitFor();
  await page.getByTestId('outbox-row').getByText('最早一条已等待 2 分钟').waitFor();
  await shoot(page, 'admin-devices');
  appliance.update((s) => {
    s.devices.printer = { state: 'ok', since: 0 };
    s.devices.outbox = { depth: 0, oldestAgeMs: 0 };
  });
  await page.getByTestId('device-row').filter({ hasText: '号票打印机' }).getByText('正常').waitFor();
  await page.close();
});

test('board: the counter strip shows the last number each counter called', async () => {
  const page = await open('/board/', LANDSCAPE);
  await page.getByTestId('current-call').waitFor();
  assert.equal(await page.getByTestId('counter-cell').count(), appliance.queue.state.counters.length);
  const last = appliance.queue.state.calls.find((c) => c.counterNumber === 3);
  assert.ok(last);
  await page
    .getByTestId('counter-cell')
    .filter({ hasText: '3号窗口' })
    .getByText(last.ticketNumber)
    .waitFor();
  await page.close();
});
