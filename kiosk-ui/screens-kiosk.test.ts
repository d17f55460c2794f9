/** Kiosk behaviour in Chromium beyond the basic path: elderly mode, faults, language, idle reset, side screens. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CardView } from '../contract/api.ts';
import { PORTRAIT, type ScreenHarness, startScreenHarness } from './test-support/screen-harness.ts';

let harness: ScreenHarness;

before(async () => {
  harness = await startScreenHarness();
  harness.appliance.update((s) => {
    s.services.push(
      { id: 'elder', prefix: 'C', name: '养老服务', nameEn: 'Elderly care', requiresCard: false, caseItems: [] },
      { id: 'disab', prefix: 'D', name: '残疾人服务', nameEn: 'Disability services', requiresCard: false, caseItems: [] },
      { id: 'legal', prefix: 'E', name: '法律援助', nameEn: 'Legal aid', requiresCard: false, caseItems: [] },
    );
  });
});
after(async () => {
  await harness?.close();
});

const elderlyCard: CardView = {
  maskedName: '李*芳',
  maskedNumber: '320***********002X',
  cardType: 'resident',
  elderly: true,
  checkDigitValid: true,
};

test('an elderly card offers priority and switches to elderly mode with fewer, larger tiles', async () => {
  const page = await harness.open('/kiosk/', PORTRAIT);
  const standard = await page.getByRole('button', { name: '社保业务', exact: true }).boundingBox();
  harness.appliance.update((s) => {
    s.card = elderlyCard;
  });
  await page.getByTestId('priority-offer').waitFor();
  await page.locator('.kiosk.elderly').waitFor();
  const large = await page.getByRole('button', { name: '社保业务', exact: true }).boundingBox();
  assert.ok(standard && large && large.height > standard.height, 'elderly tiles are taller');
  assert.equal(await page.locator('.tile').count(), 4, 'four services per screen in elderly mode');
  await harness.shoot(page, 'kiosk-elderly');
  await page.getByRole('button', { name: '下一页' }).click();
  await page.getByRole('button', { name: '法律援助', exact: true }).waitFor();
  await page.getByRole('button', { name: '法律援助', exact: true }).click();
  await page.getByTestId('ticket-number').getByText('E001').waitFor();
  assert.equal(harness.appliance.queue.tickets.at(-1)?.priority, true);
  await page.getByText('优先号').waitFor();
  await page.getByRole('button', { name: '完成' }).click();
  await page.getByTestId('elderly-toggle').click();
  await page.locator('.kiosk.elderly').waitFor({ state: 'detached' });
  harness.appliance.update((s) => {
    s.card = null;
  });
  await page.close();
});

test('idle reset wipes the name from the screen even with the card left on the reader', async () => {
  const page = await harness.open('/kiosk/', PORTRAIT);
  await page.clock.install();
  await page.reload();
  harness.appliance.update((s) => {
    s.card = { ...elderlyCard, elderly: false };
  });
  await page.getByTestId('card-name').waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByTestId('side-guide').click();
  await page.clock.fastForward(61_000);
  await page.getByTestId('card-name').waitFor({ state: 'detached' });
  await page.getByText('请选择办理业务').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN', 'language back to Chinese');
  await harness.shoot(page, 'kiosk-after-idle');
  harness.appliance.update((s) => {
    s.card = null;
  });
  await page.close();
});

test('faults: paper out, reader unplugged, uplink down each get their own message; tickets still issued', async () => {
  const page = await harness.open('/kiosk/', PORTRAIT);
  harness.appliance.update((s) => {
    s.devices.printer = { state: 'fault', detail: 'paper-out', since: 1 };
    s.devices.reader = { state: 'disconnected', since: 1 };
    s.devices.uplink = { state: 'disconnected', since: 1 };
  });
  await page.getByTestId('fault-printer-paper-out').getByText('打印机缺纸').waitFor();
  await page.getByTestId('fault-reader-unplugged').getByText('身份证读卡器未连接').waitFor();
  await page.getByTestId('uplink-notice').waitFor();
  assert.equal(await page.getByRole('button', { name: '低保申请', exact: true }).isDisabled(), true);
  await harness.shoot(page, 'kiosk-faults');
  await page.getByRole('button', { name: '社保业务', exact: true }).click();
  await page.getByTestId('ticket-printed').getByText('号票未能打印').waitFor();
  await page.getByRole('button', { name: '完成' }).click();
  harness.appliance.update((s) => {
    s.devices.printer = { state: 'ok', since: 0 };
    s.devices.reader = { state: 'ok', since: 0 };
    s.devices.uplink = { state: 'ok', since: 0 };
  });
  await page.getByTestId('fault-printer-paper-out').waitFor({ state: 'detached' });
  await page.close();
});

test('the appliance unreachable shows the out-of-service screen', async () => {
  const page = await harness.open('/kiosk/', PORTRAIT);
  await page.getByRole('button', { name: '社保业务', exact: true }).waitFor();
  harness.appliance.setStreamDown(true);
  await page.getByTestId('fault-appliance-offline').waitFor();
  assert.equal(await page.getByRole('button', { name: '社保业务', exact: true }).count(), 0);
  await harness.shoot(page, 'kiosk-out-of-service');
  harness.appliance.setStreamDown(false);
  await page.getByRole('button', { name: '社保业务', exact: true }).waitFor({ timeout: 10_000 });
  await page.close();
});

test('English switch translates the screen and the service names', async () => {
  const page = await harness.open('/kiosk/', PORTRAIT);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Social security', exact: true }).waitFor();
  await page.getByText('Choose a service').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await harness.shoot(page, 'kiosk-english');
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('button', { name: '社保业务', exact: true }).waitFor();
  await page.close();
});

test('side screens: the guide works from state; rating says when the appliance lacks the endpoint', async () => {
  const page = await harness.open('/kiosk/', PORTRAIT);
  await page.getByTestId('side-guide').click();
  await page.getByRole('button', { name: '低保申请' }).click();
  await page.getByTestId('guide-detail').getByText('办理时请携带本人身份证原件').waitFor();
  await page.getByTestId('guide-detail').getByText('办理窗口：3号窗口').waitFor();
  await harness.shoot(page, 'kiosk-guide');
  await page.getByRole('button', { name: '返回' }).last().click();
  await page.getByTestId('side-rating').click();
  for (const key of ['A', '0', '0', '1']) await page.getByRole('button', { name: key, exact: true }).click();
  assert.equal(await page.getByTestId('keypad-value').textContent(), 'A001');
  await page.getByRole('button', { name: '完成' }).click();
  await page.getByRole('button', { name: '非常满意' }).click();
  await page.getByTestId('side-failure').getByText('此功能暂未开通').waitFor();
  await page.close();
});

test('keyboard: every control is reachable and the first tab stop is in the header', async () => {
  const page = await harness.open('/kiosk/', PORTRAIT);
  await page.getByRole('button', { name: '社保业务', exact: true }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'English');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-service-id')), 'social');
  const unnamed = await page.evaluate(
    () => [...document.querySelectorAll('button')].filter((b) => (b.textContent ?? '').trim() === '').length,
  );
  assert.equal(unnamed, 0, 'every button has a visible name');
  await page.close();
});
