/** Every staff action in the admin panel (and the board it drives), in Chromium against the real appliance. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { pairScreenAt } from '../appliance/http/test-appliance.ts';
import { DEVICE_COOKIE } from '../contract/api.ts';
import { BOARD, DEMO_PASSWORD, type RealHarness, startRealHarness } from './test-support/real-appliance.ts';
import { staffSession } from './test-support/staff-session.ts';
import { centreDay, takeTicket } from './test-support/tickets.ts';

let h: RealHarness;
let admin: Page;

before(async () => {
  h = await startRealHarness();
  admin = await h.open('/admin/');
});
after(async () => {
  await h?.close();
});

const message = () => admin.getByTestId('console-message');
const current = () => admin.getByTestId('current-ticket');
const ticketStatus = async (number: string) => {
  const staff = await staffSession(h.url);
  return (await staff.staffQueue()).tickets.find((t) => t.number === number)?.status;
};

test('login: a wrong password is refused on screen, the right one opens the console', async () => {
  await admin.getByLabel('用户名').fill('clerk');
  await admin.getByLabel('密码').fill('not-the-password');
  await admin.getByRole('button', { name: '登录' }).click();
  await admin.getByText('登录失败').waitFor();
  await admin.getByLabel('密码').fill(DEMO_PASSWORD);
  await admin.getByRole('button', { name: '登录' }).click();
  await admin.getByTestId('tab-console').waitFor();
  await admin.locator('.who').getByText('clerk').waitFor();
  await admin.locator('.who').getByText('（窗口人员）').waitFor();
});

test('call next, recall, and the board announces the call', async () => {
  const board = await h.open('/board/', BOARD);
  const { ticket } = await takeTicket(h.url, 'consult');
  await admin.getByTestId('queue-row').filter({ hasText: ticket.number }).waitFor();
  await admin.getByTestId('counter-select').selectOption('w1');
  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: ticket.number }).waitFor();
  await board.getByTestId('current-call').filter({ hasText: ticket.number }).waitFor();
  assert.equal(
    (await board.getByTestId('current-call').textContent())?.replace(/\s+/g, ' ').trim(),
    `请 ${ticket.number} 号到 1 号窗口`,
  );
  const lastCall = () => h.sim.running.appliance.publicState().calls[0];
  const before = lastCall();
  await admin.getByTestId('recall').click();
  await message().getByText(`已重呼 ${ticket.number}`).waitFor();
  const after = lastCall();
  assert.equal(after?.ticketNumber, ticket.number);
  assert.ok(before && after && after.calledAt > before.calledAt, 'the recall is announced as a new call');
  await board.close();
});

test('transfer sends the serving ticket to another counter; no-show ends the next one', async () => {
  const first = (await takeTicket(h.url, 'consult')).ticket;
  const second = (await takeTicket(h.url, 'social-security')).ticket;
  await admin.getByTestId('counter-select').selectOption('w1');
  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: first.number }).waitFor();
  await admin.getByTestId('transfer-target').selectOption('counter:w3');
  await admin.getByTestId('transfer').click();
  await admin.getByTestId('transfer-confirm').click();
  await message().getByText(`${first.number} 已转移`).waitFor();
  await admin.getByTestId('queue-row').filter({ hasText: first.number }).waitFor();
  assert.equal(await ticketStatus(first.number), 'waiting', 'back in the queue');

  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: second.number }).waitFor();
  await admin.getByTestId('no-show').click();
  await message().getByText(`${second.number} 已记为过号`).waitFor();
  assert.equal(await ticketStatus(second.number), 'no-show');

  await admin.getByTestId('counter-select').selectOption('w3');
  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: first.number }).waitFor();
});

test('pause stops calling at the counter until it is resumed', async () => {
  await admin.getByTestId('counter-select').selectOption('w2');
  await admin.getByTestId('pause').click();
  await admin.getByRole('button', { name: '恢复窗口' }).waitFor();
  await message().getByText('窗口已暂停').waitFor();
  assert.equal(await admin.getByTestId('call-next').isDisabled(), true);
  assert.equal(h.sim.running.appliance.publicState().counters.find((c) => c.id === 'w2')?.paused, true);
  await admin.getByTestId('pause').click();
  await admin.getByRole('button', { name: '暂停窗口' }).waitFor();
  assert.equal(h.sim.running.appliance.publicState().counters.find((c) => c.id === 'w2')?.paused, false);
});

async function acceptFromCardTicket(materials: string[]): Promise<string> {
  // Calling next closes the ticket the counter was serving: one active ticket per card and service.
  await (await staffSession(h.url)).callNext('w2');
  await h.placeCard('resident-zhang');
  const { ticket } = await takeTicket(h.url, 'assistance', true, h.kiosk);
  await h.removeCard();
  await admin.getByTestId('tab-console').click();
  await admin.getByTestId('counter-select').selectOption('w2');
  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: ticket.number }).waitFor();
  const form = admin.getByTestId('accept-form');
  await form.waitFor();
  assert.equal(await form.getByTestId('accept-item').inputValue(), 'dibao-apply');
  for (const m of materials) await form.getByLabel(m, { exact: true }).check();
  const receipt = h.nextPrintJob();
  await form.getByTestId('accept-submit').click();
  const numberLine = (await admin.getByTestId('accept-case-number').textContent()) ?? '';
  const caseNumber = /\d{8}-(\d{7}|\d{4})/.exec(numberLine)?.[0];
  assert.ok(caseNumber, `a case number on screen: ${numberLine}`);
  await admin.getByTestId('accept-printed').getByText('受理回执已打印').waitFor();
  assert.match(
    (await admin.getByTestId('accept-deadline').textContent()) ?? '',
    /承诺办结 \d{4}-\d{2}-\d{2}/,
  );
  const job = await receipt;
  assert.ok(job.text.includes(caseNumber), 'the printed receipt carries the case number');
  for (const m of materials) assert.ok(job.text.includes(m), `the receipt lists ${m}`);
  return caseNumber;
}

const ALL_DIBAO = ['居民身份证', '户口簿', '家庭收入证明', '银行卡'];

test('accept an application: materials ticked, case number and deadline shown, receipt printed', async () => {
  await acceptFromCardTicket(ALL_DIBAO);
});

test('case board: grouped by level; suspend asks for the missing materials, resume, complete, refuse needs a reason', async () => {
  const toFinish = await acceptFromCardTicket(ALL_DIBAO);
  const toRefuse = await acceptFromCardTicket(ALL_DIBAO);
  await admin.getByTestId('tab-cases').click();
  for (const level of ['normal', 'warning', 'yellow', 'red'])
    await admin.getByTestId(`case-group-${level}`).waitFor();
  const card = (n: string) => admin.locator(`[data-case-number="${n}"]`);
  await admin.getByTestId('case-group-normal').locator(`[data-case-number="${toFinish}"]`).waitFor();

  await card(toFinish).getByRole('button', { name: '补正' }).click();
  await card(toFinish).getByLabel('家庭收入证明').check();
  await card(toFinish).getByRole('button', { name: '确认补正' }).click();
  await card(toFinish).getByTestId('case-state').getByText('补正材料中').waitFor();
  await card(toFinish).getByTestId('case-missing').getByText('家庭收入证明').waitFor();

  await card(toFinish).getByRole('button', { name: '恢复办理' }).click();
  await card(toFinish).getByTestId('case-missing').waitFor({ state: 'detached' });
  assert.notEqual(await card(toFinish).getByTestId('case-state').textContent(), '补正材料中');

  await card(toFinish).getByRole('button', { name: '办结' }).click();
  await admin
    .getByTestId('case-closed')
    .locator(`[data-case-number="${toFinish}"]`)
    .getByText('已办结')
    .waitFor();

  await card(toRefuse).getByRole('button', { name: '不予受理/不予许可' }).click();
  const confirm = card(toRefuse).getByRole('button', { name: '确认', exact: true });
  await card(toRefuse).getByLabel('理由（必填）').fill('申请人家庭收入超过低保标准');
  assert.equal(await confirm.isDisabled(), true, 'no refusal without its kind');
  await card(toRefuse)
    .getByLabel(/^不予许可/)
    .check();
  await confirm.click();
  const refused = admin.getByTestId('case-closed').locator(`[data-case-number="${toRefuse}"]`);
  await refused.getByTestId('case-state').getByText('不予许可').waitFor();
  await refused.getByText('待复核').waitFor();
  await refused.getByText('申请人家庭收入超过低保标准').waitFor();
});

test('devices: reader, printer, uplink, scanner and the outbox with its last sync', async () => {
  await admin.getByTestId('tab-devices').click();
  const rows = admin.getByTestId('device-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 5);
  assert.ok(((await rows.filter({ hasText: '号票打印机' }).textContent()) ?? '').includes('正常'));
  // The simulation has a keyboard-wedge scanner whose HID reports go through the real decoder.
  const scanner = (await rows.filter({ hasText: '扫码器' }).textContent()) ?? '';
  assert.ok(scanner.includes('正常') && scanner.includes('键盘式扫码器'), scanner);
  // The document camera's row: the simulation has the OCR camera binding, as real hardware does.
  const camera = (await rows.filter({ hasText: '证件拍照摄像头' }).textContent()) ?? '';
  assert.equal(h.sim.running.appliance.publicState().devices.camera?.state, 'ok');
  assert.ok(camera.includes('正常') && camera.includes('文字识别'), camera);
  // A clerk sees why there is no pairing control; only an admin pairs screens.
  await admin.getByTestId('pairing').waitFor({ state: 'detached' });
  await admin.getByText('只有管理员可以配对屏幕').waitFor();
  assert.match((await admin.getByTestId('outbox-row').textContent()) ?? '', /\d+ 条/);
  await admin
    .getByTestId('last-sync')
    .getByText(/最近同步/)
    .waitFor();
});

test('report for a chosen day, with a CSV download of the same day', async () => {
  const day = centreDay();
  await admin.getByTestId('tab-report').click();
  const table = admin.getByTestId('report-table');
  await table.waitFor();
  assert.equal(await table.getAttribute('data-day'), day);
  const overall = admin.getByTestId('report-row').first();
  const figures = (await h.sim.running.appliance.desk.report(day)).overall;
  const cells = await overall.locator('td').allTextContents();
  assert.equal(cells[1], String(figures.noShows), 'no-shows as the appliance counts them');
  assert.equal(cells[4], String(figures.casesAccepted), 'cases accepted today');
  assert.ok(figures.casesAccepted >= 3);
  await admin.getByTestId('report-row').filter({ hasText: '低保救助' }).waitFor();
  await admin.getByTestId('report-overdue').waitFor({ state: 'attached' });

  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByTestId('report-csv').click(),
  ]);
  const csv = await readFile((await download.path()) ?? '', 'utf8');
  assert.match(csv, /^\uFEFF?day,scope,name,tickets_served/);
  assert.ok(csv.includes(`${day},overall`));
  assert.equal(download.suggestedFilename(), `shequ-report-${day}.csv`);

  await admin.getByTestId('report-day').fill('2026-01-05');
  await admin.getByTestId('report-load').click();
  await admin.locator('[data-testid="report-table"][data-day="2026-01-05"]').waitFor();
  assert.equal(
    await admin.getByTestId('report-csv').getAttribute('href'),
    '/api/staff/report.csv?day=2026-01-05',
  );
});

test('configuration is shown read-only and said to come from central', async () => {
  await admin.getByTestId('tab-config').click();
  await admin.getByTestId('config-managed').getByText('签名配置').waitFor();
  assert.equal(await admin.getByTestId('config-services').locator('tbody tr').count(), 5);
  assert.equal(await admin.getByTestId('config-counters').locator('tbody tr').count(), 3);
  assert.equal(await admin.locator('main input, main select, main textarea').count(), 0, 'nothing to edit');
});

test('issue by hand: the clerk issues a card-less ticket for a resident the kiosk turned away', async () => {
  await admin.getByTestId('tab-console').click();
  const byHand = admin.getByTestId('issue-by-hand');
  await byHand.getByText('自助机因取号限制拒绝时').waitFor();
  await byHand.getByLabel('业务').selectOption('consult');
  await byHand.getByRole('button', { name: '取号' }).click();
  const issued = await message()
    .getByText(/^已取号 E\d{3}$/)
    .textContent();
  const number = issued!.replace('已取号 ', '');
  await admin.getByTestId('queue-row').filter({ hasText: number }).waitFor();
  assert.equal(await ticketStatus(number), 'waiting');
});

test('pairing: an admin pairs a counter rating screen from the devices page and unpairs it', async () => {
  const page = await h.open('/admin/');
  await h.signIn(page, 'admin');
  await page.getByTestId('tab-devices').click();
  const panel = page.getByTestId('pairing');
  await panel.getByTestId('pairing-role').selectOption('counter-rating');
  await panel.getByTestId('pairing-counter').selectOption('w2');
  await panel.getByLabel('名称（可不填）').fill('二号窗口评价器');
  await panel.getByTestId('pairing-create').click();
  const code = (await panel.locator('.pairing-code-value').textContent()) ?? '';
  assert.match(code, /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);
  const link = (await panel.getByTestId('pairing-link').textContent()) ?? '';
  assert.equal(link, `${h.url}/pair?code=${code}`);

  // The new screen's browser opens the link, submits, and becomes counter w2's rating screen.
  const screen = await h.open(link.slice(h.url.length));
  await screen.getByRole('button', { name: /配对/ }).click();
  await screen.waitForURL(/\/rating\/$/);
  await screen.getByText(/服务评价/).waitFor();

  await panel.getByTestId('pairing-refresh').click();
  const row = panel.getByTestId('paired-row').filter({ hasText: '二号窗口评价器' });
  await row.waitFor();
  assert.ok(((await row.textContent()) ?? '').includes('窗口评价器'));
  assert.ok(((await row.textContent()) ?? '').includes('2 · '), 'the counter it stands at');
  // The used code is spent: a second screen with the same link is refused.
  const again = await h.open(link.slice(h.url.length));
  await again.getByRole('button', { name: /配对/ }).click();
  await again.getByText('配对码无效、已使用或已过期').waitFor();
  assert.equal(again.url().includes('/rating/'), false);
  await again.close();

  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: '解除配对' }).click();
  await panel.getByTestId('pairing-message').getByText('已解除“二号窗口评价器”的配对').waitFor();
  await row.waitFor({ state: 'detached' });
  await screen.reload();
  await screen.getByText('本评价器尚未配对，请联系管理员').waitFor();
  await screen.close();
  await page.close();
});

test('staff accounts: an admin adds a clerk with name and 工号, checked; the rating screen names them', async () => {
  const page = await h.open('/admin/');
  await h.signIn(page, 'admin');
  await page.getByTestId('tab-users').click();
  const users = page.getByTestId('users');
  await users.getByTestId('user-row').filter({ hasText: 'clerk' }).first().waitFor();
  const note = page.getByTestId('users-message');
  const form = users.getByTestId('user-add');
  await form.getByLabel('登录名').fill('clerk2');
  await form.getByLabel('初始密码').fill('counter-pass-2');
  await form.getByLabel('姓名').fill('张伟');
  await form.getByLabel('工号').fill('04 56');
  await form.getByRole('button', { name: '新增' }).click();
  await note.getByText('工号须为最多 16 位数字或大写字母').waitFor();
  // The appliance checks too: the 工号 of the demo clerk is taken.
  await form.getByLabel('工号').fill('0123');
  await form.getByRole('button', { name: '新增' }).click();
  await note.getByText('该工号已分配给其他人员').waitFor();
  await form.getByLabel('工号').fill('0456');
  await form.getByRole('button', { name: '新增' }).click();
  await note.getByText('已新增账号 clerk2').waitFor();
  const row = users.locator('[data-testid="user-row"][data-username="clerk2"]');
  assert.equal(await row.getByLabel('姓名').inputValue(), '张伟');

  // Editing: a name with a digit is refused; a corrected one is stored.
  await row.getByLabel('姓名').fill('张伟2');
  await row.getByRole('button', { name: '保存' }).click();
  await note.getByText('姓名须为 1 至 20 个字，不含数字').waitFor();
  await row.getByLabel('姓名').fill('张伟明');
  await row.getByRole('button', { name: '保存' }).click();
  await note.getByText('已保存 clerk2 的姓名和工号').waitFor();

  // A clerk can neither see the tab nor use the API.
  assert.equal(await admin.getByTestId('tab-users').count(), 0);
  const clerk = await staffSession(h.url);
  await assert.rejects(clerk.staffUsers(), { status: 403 });

  // clerk2 signs in and calls at counter 3: its rating screen shows the name and 工号 just set.
  const { cookie } = await pairScreenAt(h.url, h.sim.running.dataDir, 'counter-rating', 'w3');
  const screen = await h.browser.newPage({ viewport: { width: 1024, height: 600 }, locale: 'zh-CN' });
  await screen
    .context()
    .addCookies([{ name: DEVICE_COOKIE, value: cookie.slice(cookie.indexOf('=') + 1), url: h.url }]);
  await screen.goto(`${h.url}/rating/`);
  await takeTicket(h.url, 'consult');
  const clerk2 = await staffSession(h.url, 'clerk2', 'counter-pass-2');
  const { ticket } = await clerk2.callNext('w3');
  assert.ok(ticket);
  await screen.getByTestId('rating-serving').getByText(ticket.number).waitFor();
  const named = (await screen.getByTestId('rating-clerk').textContent()) ?? '';
  assert.match(named, /工作人员：张伟明/);
  assert.match(named, /工号：0456/);
  await screen.close();
  await page.close();
});
