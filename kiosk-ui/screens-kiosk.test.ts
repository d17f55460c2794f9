/**
 * Kiosk states the simulation cannot easily produce (reader unplugged and uplink down at once, the
 * appliance unreachable), injected through the stand-in appliance; every resident flow is tested
 * against the real appliance in kiosk-real.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PORTRAIT, type ScreenHarness, startScreenHarness } from './test-support/screen-harness.ts';

let harness: ScreenHarness;

before(async () => {
  harness = await startScreenHarness();
  harness.appliance.update((s) => {
    s.services.push(
      {
        id: 'elder',
        prefix: 'C',
        name: '养老服务',
        nameEn: 'Elderly care',
        requiresCard: false,
        caseItems: [],
      },
      {
        id: 'disab',
        prefix: 'D',
        name: '残疾人服务',
        nameEn: 'Disability services',
        requiresCard: false,
        caseItems: [],
      },
      { id: 'legal', prefix: 'E', name: '法律援助', nameEn: 'Legal aid', requiresCard: false, caseItems: [] },
    );
  });
});
after(async () => {
  await harness?.close();
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

test('keyboard: every control is reachable and the first tab stop is in the header', async () => {
  const page = await harness.open('/kiosk/', PORTRAIT);
  await page.getByRole('button', { name: '社保业务', exact: true }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    'elderly-toggle',
  );
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
