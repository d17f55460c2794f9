/**
 * The counter panel for a busy clerk, in Chromium against the real appliance: 办结并叫下一位 by key,
 * a chosen ticket called from the list, waited time, a no-show cleared and re-queued, a transfer
 * that asks first, the board following all of it; 受理 from a typed ID number, 补正 with the printed
 * 一次性告知单, and 补打 of notices, receipts and tickets.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { maskIdNumber, mod11CheckChar } from '../drivers/idcard/index.ts';
import { BOARD, type RealHarness, startRealHarness } from './test-support/real-appliance.ts';
import { staffSession } from './test-support/staff-session.ts';
import { centreDay, takeTicket } from './test-support/tickets.ts';

let h: RealHarness;
let admin: Page;
let board: Page;
/** The case taken in under 补正 by the typed-ID test, for the case board test. */
let correctionCase = '';

before(async () => {
  h = await startRealHarness();
  admin = await h.open('/admin/');
  await h.signIn(admin);
  board = await h.open('/board/', BOARD);
});
after(async () => {
  await h?.close();
});

const current = () => admin.getByTestId('current-ticket');
const message = () => admin.getByTestId('console-message');
const row = (number: string) => admin.locator(`[data-testid="queue-row"][data-ticket-number="${number}"]`);
const status = async (number: string) =>
  (await (await staffSession(h.url)).staffQueue()).tickets.find((t) => t.number === number)?.status;
const boardCalling = (number: string) => board.getByTestId('current-call').filter({ hasText: number });

/** A generated identity with a valid check digit (never a real person's; never printed in full). */
function testIdNumber(serial: number): string {
  const body = `11010519800101${String(serial).padStart(3, '0')}`;
  return body + mod11CheckChar(body);
}

/** Serve whatever a counter holds so each test starts from an empty counter. */
async function clearCounter(counterId: string): Promise<void> {
  await (await staffSession(h.url)).finish(counterId).catch(() => {});
}

test('办结并叫下一位 by its key, a chosen ticket called from the list, the waited time shown', async () => {
  await clearCounter('w1');
  const [a, b, c] = [
    (await takeTicket(h.url, 'consult')).ticket,
    (await takeTicket(h.url, 'consult')).ticket,
    (await takeTicket(h.url, 'consult')).ticket,
  ];
  await admin.getByTestId('counter-select').selectOption('w1');
  await row(c.number).waitFor();
  assert.match((await row(c.number).getByTestId('queue-waited').textContent()) ?? '', /^\d+分钟$/);
  const callNext = admin.getByTestId('call-next');
  assert.equal((await callNext.getAttribute('aria-keyshortcuts')) ?? '', 'N');

  await admin.keyboard.press('n');
  await current().filter({ hasText: a.number }).waitFor();
  await current()
    .getByTestId('current-waited')
    .getByText(/\d+分钟/)
    .waitFor();
  await callNext.getByText('办结并叫下一位').waitFor();
  for (const [id, key] of [
    ['recall', 'R'],
    ['finish', 'F'],
    ['no-show', 'X'],
    ['transfer', 'T'],
  ] as const) {
    assert.equal(await admin.getByTestId(id).locator('kbd').textContent(), key, `${id} shows its key`);
  }

  // Out of turn: C before B; A is finished by the call, as by 办结并叫下一位.
  await row(c.number).getByTestId('call-this').click();
  await current().filter({ hasText: c.number }).waitFor();
  await boardCalling(c.number).waitFor();
  assert.equal(await status(a.number), 'done');
  assert.equal(await status(b.number), 'waiting');

  await callNext.click();
  await current().filter({ hasText: b.number }).waitFor();
  assert.equal(await status(c.number), 'done', '办结并叫下一位 finished C');
  await callNext.click();
  await message().getByText('已办结，当前无人等候').waitFor();
  await current().getByText('尚未叫号').waitFor();
  assert.equal(await status(b.number), 'done');
});

test('a no-show leaves the panel and the board at once, and is re-queued to the front', async () => {
  await clearCounter('w1');
  const gone = (await takeTicket(h.url, 'consult')).ticket;
  const next = (await takeTicket(h.url, 'consult')).ticket;
  await admin.getByTestId('counter-select').selectOption('w1');
  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: gone.number }).waitFor();
  await boardCalling(gone.number).waitFor();

  await admin.keyboard.press('x');
  await message().getByText(`${gone.number} 已记为过号`).waitFor();
  await current().getByText('尚未叫号').waitFor();
  assert.equal(await admin.getByTestId('accept-form').count(), 0, 'no accept form for a no-show');
  await boardCalling(gone.number).waitFor({ state: 'detached' });
  assert.equal(await status(gone.number), 'no-show');

  const noShow = admin.locator(`[data-testid="no-show-row"][data-ticket-number="${gone.number}"]`);
  await noShow.getByTestId('requeue-front').click();
  await message().getByText(`${gone.number} 已重新排到队首`).waitFor();
  await row(gone.number).waitFor();
  assert.equal(await status(gone.number), 'waiting');
  assert.equal(
    await admin.getByTestId('queue-row').first().getAttribute('data-ticket-number'),
    gone.number,
    'at the front, before the one who was next',
  );
  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: gone.number }).waitFor();
  await admin.getByTestId('no-show').click();
  await noShow.getByText('已达重新排队次数上限').waitFor();
  assert.equal(await noShow.getByTestId('requeue-front').count(), 0, 'once only (queue.maxRequeues = 1)');
  assert.equal(await status(next.number), 'waiting');
  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: next.number }).waitFor();
  await admin.keyboard.press('f');
  await message().getByText(`${next.number} 已办结`).waitFor();
  await current().getByText('尚未叫号').waitFor();
  assert.equal(await status(next.number), 'done');
});

test('a transfer asks first, naming where; then the panel, the board and the queue follow', async () => {
  await clearCounter('w1');
  const sent = (await takeTicket(h.url, 'consult')).ticket;
  await admin.getByTestId('counter-select').selectOption('w1');
  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: sent.number }).waitFor();
  await boardCalling(sent.number).waitFor();

  await admin.getByTestId('transfer-target').selectOption('counter:w3');
  await admin.getByTestId('transfer').click();
  const question = admin.getByTestId('transfer-question');
  assert.equal(await question.textContent(), `将 ${sent.number} 转至3号窗口，排到队首？`);
  await admin.getByRole('button', { name: '取消' }).click();
  await question.waitFor({ state: 'detached' });
  assert.equal(await status(sent.number), 'called', 'nothing moves without the confirmation');

  await admin.locator('body').press('t');
  await question.waitFor();
  await admin.getByTestId('transfer-confirm').click();
  await message().getByText(`${sent.number} 已转移至3号窗口`).waitFor();
  await current().getByText('尚未叫号').waitFor();
  await boardCalling(sent.number).waitFor({ state: 'detached' });
  await row(sent.number).getByTestId('queue-sent-to').getByText('3号窗口').waitFor();
  assert.equal(await row(sent.number).getByTestId('call-this').count(), 0, 'counter 1 cannot call it now');
  assert.equal(await row(sent.number).getAttribute('class'), 'other-counter');
});

test('受理 from a typed ID number (check digit verified); missing materials print the 一次性告知单', async () => {
  await clearCounter('w2');
  const { ticket } = await takeTicket(h.url, 'elderly-care');
  await admin.getByTestId('counter-select').selectOption('w2');
  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: ticket.number }).waitFor();
  const form = admin.getByTestId('accept-form');
  const idNumber = testIdNumber(7);
  const wrongCheck = idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0');
  await form.getByTestId('accept-id-number').fill(wrongCheck);
  await form.getByLabel('居民身份证', { exact: true }).check();
  await form.getByTestId('accept-missing').getByText('缺少材料：户口簿、银行卡').waitFor();
  await form.getByTestId('accept-submit').click();
  await form.getByRole('alert').getByText('身份证号码校验位不正确').waitFor();

  await form.getByTestId('accept-id-number').fill(idNumber.toLowerCase());
  // The materials came by post two days ago: the notice and central get that day.
  const arrived = new Date(Date.parse(`${centreDay()}T12:00:00Z`) - 2 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  await form.getByTestId('accept-arrived').fill(arrived);
  const notice = h.nextPrintJob();
  await form.getByTestId('accept-submit').click();
  await admin.getByTestId('accept-printed').getByText('一次性告知单已打印').waitFor();
  const number = /\d{8}-(\d{7}|\d{4})/.exec(
    (await admin.getByTestId('accept-case-number').textContent()) ?? '',
  )?.[0];
  assert.ok(number, 'a case number for the 补正');
  const printed = (await notice).text;
  const flat = printed.replace(/\s+/g, '');
  assert.ok(flat.includes('一次性告知单') && flat.includes(number), 'the notice, with the case number');
  const listed = flat.slice(flat.indexOf('需补正材料'), flat.indexOf('已收材料'));
  assert.ok(listed.includes('1.户口簿') && listed.includes('2.银行卡'), 'everything missing, at once');
  assert.ok(!printed.includes(idNumber), 'the ID number is printed masked');
  assert.ok(printed.includes(maskIdNumber(idNumber)), 'printed masked');
  assert.ok(!printed.includes('补打'));
  const [y, m, d] = arrived.split('-');
  assert.ok(printed.includes(`材料收到：${y}年${m}月${d}日`), 'the arrival day on the notice');

  const again = h.nextPrintJob();
  await admin.getByTestId('accept-reprint').click();
  await admin.getByTestId('accept-reprint-result').getByText('一次性告知单已补打').waitFor();
  assert.match((await again).text, /【补打】\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

  const staff = await staffSession(h.url);
  const state = (await staff.listCases()).cases.find((c) => c.number === number);
  assert.equal(state?.state, 'suspended', 'taken in under 补正, its clock not started');
  assert.equal(state?.correctionAtIntake, true);
  assert.equal(state?.materialsArrivedDay, arrived);
  assert.equal(state?.applicantMaskedNumber, maskIdNumber(idNumber));
  correctionCase = number;
});

test('a complete application: the receipt and the panel show the same two deadlines; receipt and ticket reprinted as 补打', async () => {
  await clearCounter('w2');
  const { ticket } = await takeTicket(h.url, 'elderly-care');
  await admin.getByTestId('counter-select').selectOption('w2');
  await admin.getByTestId('call-next').click();
  await current().filter({ hasText: ticket.number }).waitFor();
  const form = admin.getByTestId('accept-form');
  await form.getByTestId('accept-id-number').fill(testIdNumber(8));
  for (const m of ['居民身份证', '户口簿', '银行卡']) await form.getByLabel(m, { exact: true }).check();
  assert.equal(await form.getByTestId('accept-missing').count(), 0);
  const receipt = h.nextPrintJob();
  await form.getByTestId('accept-submit').click();
  await admin.getByTestId('accept-printed').getByText('受理回执已打印').waitFor();
  const shown = (await admin.getByTestId('accept-deadline').textContent()) ?? '';
  const [, promised, legal] = /承诺办结 (\d{4}-\d{2}-\d{2})，法定时限 (\d{4}-\d{2}-\d{2})/.exec(shown) ?? [];
  assert.ok(promised && legal, shown);
  const chinese = (day: string) => day.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1年$2月$3日');
  const text = (await receipt).text;
  assert.ok(text.includes(`承诺办结：${chinese(promised)}前（5个工作日）`), 'the receipt’s promised date');
  assert.ok(text.includes(`法定期限：${chinese(legal)}前（15个工作日）`), 'the receipt’s legal date');

  const again = h.nextPrintJob();
  await admin.getByTestId('accept-reprint').click();
  await admin.getByTestId('accept-reprint-result').getByText('受理回执已补打').waitFor();
  const reprinted = (await again).text;
  assert.match(reprinted, /受理回执\n【补打】/);
  assert.ok(reprinted.includes(`承诺办结：${chinese(promised)}前`), 'the same dates again');

  const ticketAgain = h.nextPrintJob();
  await admin.getByTestId('reprint-ticket').click();
  await message().getByText(`${ticket.number} 号票已补打`).waitFor();
  const ticketText = (await ticketAgain).text;
  assert.ok(ticketText.includes(ticket.number) && /【补打】/.test(ticketText), 'the ticket, marked 补打');
});

test('case board: a 补正 case has its notice to reprint and no receipt until the materials come; steps advance', async () => {
  assert.ok(correctionCase, 'the typed-ID test ran first');
  await h.placeCard('resident-li');
  const { ticket } = await takeTicket(h.url, 'assistance', true, h.kiosk);
  await h.removeCard();
  const staff = await staffSession(h.url);
  await staff.finish('w2').catch(() => {});
  assert.equal((await staff.callNext('w2')).ticket?.number, ticket.number);
  const stepped = await staff.acceptCase({
    ticketId: ticket.id,
    itemId: 'dibao-apply',
    materials: ['居民身份证', '户口簿', '家庭收入证明', '银行卡'],
  });

  await admin.getByTestId('tab-cases').click();
  const card = (n: string) => admin.locator(`[data-testid="case-card"][data-case-number="${n}"]`);
  const waiting = card(correctionCase);
  await waiting.getByTestId('case-reprint-notice').waitFor();
  assert.equal(await waiting.getByTestId('case-reprint-receipt').count(), 0, 'no receipt before 补正 ends');
  const notice = h.nextPrintJob();
  await waiting.getByTestId('case-reprint-notice').click();
  await admin.getByTestId('cases-message').getByText('一次性告知单已补打').waitFor();
  assert.match((await notice).text, /一次性告知单[\s\S]*【补打】/);

  const receipt = h.nextPrintJob();
  await waiting.getByRole('button', { name: '恢复办理' }).click();
  await admin.getByTestId('cases-message').getByText('受理回执已打印').waitFor();
  const text = (await receipt).text;
  assert.ok(text.includes('受理回执') && text.includes(correctionCase) && !text.includes('补打'));
  await waiting.getByTestId('case-reprint-receipt').waitFor();

  const s = card(stepped.case.number);
  await s.getByTestId('case-step').getByText('当前环节：街道初审').waitFor();
  await s.getByTestId('case-advance').click();
  await s.getByTestId('case-step').getByText('当前环节：区级审批').waitFor();
  assert.equal(await s.getByTestId('case-advance').count(), 0, 'the last step has no next');
  await admin.getByTestId('tab-console').click();
});
