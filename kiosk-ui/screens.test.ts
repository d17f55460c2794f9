/**
 * Board and connection states injected through the stand-in appliance (offline banner, the counter
 * strip, names never on the board). Staff and resident flows run against the real appliance in
 * admin-real.test.ts and kiosk-real.test.ts. SHEQU_SCREENSHOTS=/some/dir keeps the screenshots.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { MockAppliance } from './test-support/mock-appliance.ts';
import { LANDSCAPE, type ScreenHarness, startScreenHarness } from './test-support/screen-harness.ts';

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

test('board: shows the latest call and the recent list, never a name', async () => {
  const page = await open('/board/', LANDSCAPE);
  await page.getByTestId('counter-cell').first().waitFor();
  appliance.queue.take('social', false);
  appliance.queue.take('social', false);
  appliance.queue.callNext('c3');
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
