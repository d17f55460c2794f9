/**
 * The kiosk's 办事指南 by department and by life event, in Chromium against the demo as `npm start`
 * runs it: central files the centre's items under departments and life events (a catalogue change
 * on the central console), and a resident finds each item both ways, sees which service to take a
 * number for, in Chinese first and English second, every control large enough to touch. An item
 * only central lists, with a form: the kiosk shows it and prints the form, and the counter's
 * acceptance form offers it, shows its form and takes a case for it with central's limits; after a
 * catalogue change the form keeps the previous items until every page of the new version came.
 * SHEQU_SCREENSHOTS=/some/dir keeps a picture of each screen measured.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { CatalogueItem } from '../contract/sharing.ts';
import { sharingApi } from '../contract/sharing-api.ts';
import { DEMO_DISTRICT } from '../demo/sharing.ts';
import { DEMO_ACCOUNTS as CENTRAL_ACCOUNTS } from '../fleet/index.ts';
import { type ConsoleSession, consoleLogin } from '../test/support/console-http.ts';
import { stateWithGuide } from '../test/support/guide-state.ts';
import { staffApi, until } from '../test/support/sharing-kiosk.ts';
import { auditNamesAndContrast } from './test-support/a11y-audit.ts';
import { screenshotDir } from './test-support/browser.ts';
import { auditLayout } from './test-support/layout-audit.ts';
import { DEMO_PASSWORD, type RealHarness, startRealHarness } from './test-support/real-appliance.ts';
import { LANDSCAPE, PORTRAIT } from './test-support/screen-harness.ts';
import { centreDay, takeTicket } from './test-support/tickets.ts';

let h: RealHarness;
let operator: ConsoleSession;
let shots: Awaited<ReturnType<typeof screenshotDir>>;

const filed = (
  itemId: string,
  name: string,
  department: string,
  lifeEvents: CatalogueItem['lifeEvents'],
): CatalogueItem => ({
  itemId,
  name,
  department,
  lifeEvents,
  legalLimitDays: 20,
  promisedLimitDays: 5,
  materials: ['居民身份证'],
  guide: `${name}：请携带居民身份证到窗口办理。`,
  forms: [],
});

/** Publishes a district catalogue change on the central console and waits until the kiosk has it. */
async function publishCatalogue(items: CatalogueItem[]): Promise<void> {
  const res = await operator.post(sharingApi.catalogue, {
    scope: 'district',
    scopeId: DEMO_DISTRICT,
    put: items,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const api = await staffApi(h.url, 'clerk', DEMO_PASSWORD);
  const last = items.at(-1)!;
  await until('the change at the kiosk', async () => {
    const s = await stateWithGuide(async (path) => (await api('GET', path)).json);
    return s.services.some((v) => v.caseItems.some((i) => i.id === last.itemId && i.name === last.name));
  });
}

before(async () => {
  h = await startRealHarness();
  shots = await screenshotDir();
  const who = CENTRAL_ACCOUNTS.find((a) => a.role === 'operator')!;
  operator = await consoleLogin(h.sim.central!.url, who.username, who.password);
  await publishCatalogue([
    filed('ssc-new', '社会保障卡申领', '区人社局', ['birth', 'employment']),
    filed('dibao-apply', '最低生活保障审核确认', '区民政局', ['employment', 'retirement']),
    filed('elderly-allowance', '高龄津贴申领', '区民政局', ['retirement']),
    filed('residence-permit', '居住证申领', '区公安分局', ['schooling']),
  ]);
});
after(async () => {
  await h?.close();
  await shots?.cleanup();
});

const tiles = (page: Page) => page.getByTestId('guide-group');

async function measured(page: Page, screen: string): Promise<string[]> {
  await page.evaluate('document.fonts.ready');
  const audit = await auditLayout(page);
  assert.ok(audit.controls > 0, `${screen}: no controls found`);
  if (process.env.SHEQU_SCREENSHOTS)
    await page.screenshot({ path: join(shots.dir, `guide-${screen}.png`.replace(/ /g, '_')) });
  const named = await auditNamesAndContrast(page);
  return [...audit.faults, ...named.unnamed.map((u) => `unnamed ${u}`), ...named.lowContrast].map(
    (f) => `${screen}: ${f}`,
  );
}

test('by department: each department with its items, each item saying which service to take a number for', async () => {
  const page = await h.open('/kiosk/');
  await page.getByTestId('side-guide').click();
  await page.getByTestId('guide-mode-department').click();
  await page.getByTestId('guide-department-list').waitFor();
  assert.deepEqual(await tiles(page).allTextContents(), ['区人社局1 项', '区民政局2 项', '区公安分局1 项']);
  await tiles(page).filter({ hasText: '区民政局' }).click();
  assert.equal(await page.getByTestId('guide-group-title').textContent(), '区民政局');
  const item = page.getByTestId('guide-item');
  await item.getByRole('heading', { name: '最低生活保障审核确认' }).waitFor();
  assert.equal(await item.getByTestId('guide-take-number').textContent(), '取号请选：低保救助');
  assert.equal(await item.getByTestId('guide-department').textContent(), '区民政局');
  await page.getByRole('button', { name: '高龄津贴申领' }).click();
  await item.getByRole('heading', { name: '高龄津贴申领' }).waitFor();
  assert.equal(await item.getByTestId('guide-take-number').textContent(), '取号请选：养老服务');
  await page.getByRole('button', { name: '查看其他部门' }).click();
  await page.getByTestId('guide-department-list').waitFor();
  await page.close();
});

test('by life event: the six events from birth to death, empty ones shown but not pressable, items under each of theirs', async () => {
  const page = await h.open('/kiosk/');
  await page.getByTestId('side-guide').click();
  await page.getByTestId('guide-mode-event').click();
  await page.getByTestId('guide-event-list').waitFor();
  assert.deepEqual(await tiles(page).allTextContents(), [
    '出生1 项',
    '入学1 项',
    '就业2 项',
    '婚育暂无相关事项',
    '退休2 项',
    '身后事暂无相关事项',
  ]);
  assert.equal(await tiles(page).filter({ hasText: '婚育' }).isDisabled(), true);
  await tiles(page).filter({ hasText: '就业' }).click();
  assert.deepEqual(await page.locator('.guide-tabs button').allTextContents(), [
    '社会保障卡申领',
    '最低生活保障审核确认',
  ]);
  const item = page.getByTestId('guide-item');
  assert.equal(await item.getByTestId('guide-take-number').textContent(), '取号请选：社保卡办理');
  assert.equal(await item.getByTestId('guide-life-events').textContent(), '出生、就业');
  await page.getByRole('button', { name: '查看其他事件' }).click();
  // Back to the services: the guide as it was, the service tiles.
  await page.getByTestId('guide-mode-service').click();
  await page.locator('.guide-list button').first().waitFor();
  assert.equal(await page.getByTestId('guide-group').count(), 0);
  await page.close();
});

test('in English the ways in, the departments’ items and the life events read in English', async () => {
  const page = await h.open('/kiosk/');
  await page.locator('.lang-button').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.getByTestId('side-guide').click();
  assert.deepEqual(await page.locator('.guide-modes button').allTextContents(), [
    'By service',
    'By department',
    'By life event',
  ]);
  await page.getByTestId('guide-mode-event').click();
  assert.deepEqual(await tiles(page).allTextContents(), [
    'Birth1 items',
    'Starting school1 items',
    'Work2 items',
    'Marriage and childrenNothing yet',
    'Retirement2 items',
    'After a deathNothing yet',
  ]);
  await tiles(page).filter({ hasText: 'Retirement' }).click();
  const item = page.getByTestId('guide-item');
  assert.match(
    (await item.getByTestId('guide-take-number').textContent()) ?? '',
    /^To take a number, choose: /,
  );
  assert.equal(await item.getByTestId('guide-life-events').textContent(), 'Work, Retirement');
  await page.close();
});

test('the department and life-event screens fit portrait and landscape, standard and elderly, every control large enough to touch, named and legible', async () => {
  const faults: string[] = [];
  for (const [orientation, viewport] of [
    ['portrait', PORTRAIT],
    ['landscape', LANDSCAPE],
  ] as const)
    for (const elderly of [false, true]) {
      const name = `${orientation}${elderly ? ' elderly' : ''}`;
      const page = await h.open('/kiosk/', viewport);
      await page.locator('.tile-button').first().waitFor();
      if (elderly) await page.getByTestId('elderly-toggle').click();
      await page.getByTestId('side-guide').click();
      faults.push(...(await measured(page, `${name} services`)));
      for (const mode of ['department', 'event'] as const) {
        await page.getByTestId(`guide-mode-${mode}`).click();
        await page.getByTestId(`guide-${mode}-list`).waitFor();
        faults.push(...(await measured(page, `${name} ${mode} list`)));
        await tiles(page)
          .filter({ hasText: mode === 'department' ? '区民政局' : '退休' })
          .click();
        await page.getByTestId('guide-item').waitFor();
        faults.push(...(await measured(page, `${name} ${mode} items`)));
        await page.locator('.guide-detail > .secondary-button').click();
      }
      await page.close();
    }
  assert.deepEqual(faults, [], `${faults.length} layout faults:\n${faults.join('\n')}`);
});

const birthAllowance: CatalogueItem = {
  itemId: 'shengyu-jintie',
  name: '生育津贴申领',
  department: '区医保局',
  lifeEvents: ['birth'],
  legalLimitDays: 15,
  promisedLimitDays: 4,
  materials: ['居民身份证', '出生医学证明'],
  guide: '生育后一年内到社区服务中心申领。',
  forms: [
    {
      name: '生育津贴申领表',
      url: 'https://yb.example.gov.cn/forms/shengyu.pdf',
      fields: ['申请人姓名', '联系电话', '生育日期'],
    },
  ],
  serviceId: 'assistance',
};

test('an item only central lists: the kiosk shows it and prints its form; the counter shows its form and accepts a case with its limits', async () => {
  await publishCatalogue([birthAllowance]);
  const page = await h.open('/kiosk/');
  await page.getByTestId('side-guide').click();
  await page.getByTestId('guide-mode-event').click();
  await tiles(page).filter({ hasText: '出生' }).click();
  await page.getByRole('button', { name: '生育津贴申领' }).click();
  const item = page.getByTestId('guide-item');
  await item.getByRole('heading', { name: '生育津贴申领' }).waitFor();
  assert.equal(await item.getByTestId('guide-take-number').textContent(), '取号请选：低保救助');
  assert.equal(await item.getByTestId('guide-promised').textContent(), '4 个工作日');
  assert.equal(await item.getByTestId('guide-legal').textContent(), '15 个工作日');
  assert.deepEqual(await item.getByTestId('guide-form-name').allTextContents(), ['生育津贴申领表']);
  const formJob = h.nextPrintJob();
  await item.getByTestId('guide-form-print').click();
  const printed = await formJob;
  assert.deepEqual(printed.qrCodes, [birthAllowance.forms[0]!.url]);
  for (const field of ['申请人姓名：', '联系电话：', '生育日期：'])
    assert.ok(printed.text.includes(field), field);
  await item.getByTestId('guide-form-print-status').getByText('已打印，请在出票口取走表格').waitFor();
  const checklist = h.nextPrintJob();
  await item.getByTestId('guide-print').click();
  const list = await checklist;
  for (const m of birthAllowance.materials) assert.ok(list.text.includes(m), `the checklist lists ${m}`);
  await page.close();

  await h.placeCard('resident-zhang');
  const { ticket } = await takeTicket(h.url, 'assistance', true, h.kiosk);
  await h.removeCard();
  const admin = await h.open('/admin/');
  await h.signIn(admin);
  await admin.getByTestId('counter-select').selectOption('w2');
  await admin.getByTestId('call-next').click();
  await admin.getByTestId('current-ticket').filter({ hasText: ticket.number }).waitFor();
  const form = admin.getByTestId('accept-form');
  await form.getByTestId('accept-item').selectOption(birthAllowance.itemId);
  assert.equal(await form.getByTestId('accept-form-link').getAttribute('href'), birthAllowance.forms[0]!.url);
  assert.equal(await form.getByTestId('accept-form-link').textContent(), '生育津贴申领表');
  const copy = h.nextPrintJob();
  await form.getByTestId('accept-form-print').click();
  assert.deepEqual((await copy).qrCodes, [birthAllowance.forms[0]!.url]);
  for (const m of birthAllowance.materials) await form.getByLabel(m, { exact: true }).check();
  const receipt = h.nextPrintJob();
  await form.getByTestId('accept-submit').click();
  const calendar = h.sim.running.appliance.desk.calendar;
  const promised = calendar.deadline(centreDay(), 4).day;
  const legal = calendar.deadline(centreDay(), 15).day;
  const deadline = (await admin.getByTestId('accept-deadline').textContent()) ?? '';
  assert.ok(deadline.includes(promised) && deadline.includes(legal), `${deadline}: ${promised} and ${legal}`);
  assert.match((await receipt).text, /生育津贴申领/);

  // The case's card on the board shows the item's forms too, each with its print button.
  const number = (await admin.getByTestId('accept-case-number').textContent())?.split('受理编号 ')[1]?.trim();
  assert.ok(number, 'the accepted case’s number');
  await admin.getByTestId('tab-cases').click();
  const card = admin.locator(`[data-testid="case-card"][data-case-number="${number}"]`);
  const cardForms = card.getByTestId('case-forms');
  await cardForms.waitFor();
  assert.equal(await cardForms.getByTestId('case-form-link').textContent(), '生育津贴申领表');
  assert.equal(
    await cardForms.getByTestId('case-form-link').getAttribute('href'),
    birthAllowance.forms[0]!.url,
  );
  const fromCard = h.nextPrintJob();
  await cardForms.getByTestId('case-form-print').click();
  const cardCopy = await fromCard;
  assert.deepEqual(cardCopy.qrCodes, [birthAllowance.forms[0]!.url]);
  assert.ok(cardCopy.text.includes('申请人姓名：'));
  await cardForms.getByTestId('case-form-status').getByText('已打印，请在出票口取走表格').waitFor();
  await admin.close();
});

test('a catalogue change with the acceptance form open: its items stay until every new page came', async () => {
  await h.placeCard('resident-li');
  const { ticket } = await takeTicket(h.url, 'assistance', true, h.kiosk);
  await h.removeCard();
  const admin = await h.open('/admin/');
  await h.signIn(admin);
  await admin.getByTestId('counter-select').selectOption('w2');
  await admin.getByTestId('call-next').click();
  await admin.getByTestId('current-ticket').filter({ hasText: ticket.number }).waitFor();
  const options = admin.getByTestId('accept-form').getByTestId('accept-item').locator('option');
  await options.filter({ hasText: birthAllowance.name }).waitFor({ state: 'attached' });
  const before = await options.allTextContents();
  // The new version's pages are held at the network until the test lets them through.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = 0;
  await admin.route(
    (url) => url.pathname === '/api/guide/items',
    async (route) => {
      asked++;
      await held;
      await route.continue();
    },
  );
  const renamed = { ...birthAllowance, name: '生育津贴申领（新版）' };
  await publishCatalogue([renamed]);
  await until('the screen asks for the new version', async () => asked > 0);
  assert.deepEqual(await options.allTextContents(), before, 'the previous items, not an empty form');
  assert.equal(await admin.getByTestId('accept-blocked').count(), 0);
  release();
  await options.filter({ hasText: renamed.name }).waitFor({ state: 'attached' });
  await admin.close();
});
