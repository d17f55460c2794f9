/** Every resident flow in Chromium against the real appliance in simulation mode. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { loadSimCard } from '../drivers/idcard/index.ts';
import { type RealHarness, startRealHarness } from './test-support/real-appliance.ts';
import { acceptCaseFor, staffSession } from './test-support/staff-session.ts';

let h: RealHarness;

before(async () => {
  h = await startRealHarness();
});
after(async () => {
  await h?.close();
});

const tile = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

async function finishTicket(page: Page): Promise<void> {
  await page.getByTestId('ticket-done').click();
  await page.getByTestId('ticket-number').waitFor({ state: 'detached' });
}

test('without a card: a number is issued, printed, and the screen says so', async () => {
  const page = await h.open('/kiosk/');
  const printed = h.nextPrintJob();
  await tile(page, '综合咨询').click();
  const number = (await page.getByTestId('ticket-number').textContent())?.trim() ?? '';
  assert.match(number, /^E\d{3}$/);
  assert.equal(await page.getByTestId('ticket-service').textContent(), '综合咨询');
  await page.getByTestId('ticket-printed').getByText('请取走号票').waitFor();
  assert.ok((await printed).text.includes(number), 'the printed ticket carries the number on screen');
  assert.equal(await page.getByTestId('card-name').count(), 0, 'no card, no greeting');
  await finishTicket(page);
  await page.close();
});

test('a service that needs a card asks for it, then issues with the masked holder', async () => {
  const page = await h.open('/kiosk/');
  await tile(page, '居住证办理').click();
  await page.getByText('需要身份证').first().waitFor();
  await h.placeCard('resident-li');
  const number = (await page.getByTestId('ticket-number').textContent())?.trim() ?? '';
  assert.match(number, /^D\d{3}$/);
  const staff = await staffSession(h.url);
  const ticket = (await staff.staffQueue()).tickets.find((t) => t.number === number);
  assert.ok(ticket?.holderMasked?.includes('*'), 'taken with the card, holder masked');
  assert.equal(ticket?.priority, false, 'a 1990 card gets no priority');
  await page.getByTestId('ticket-take-card').getByText('请取走身份证').waitFor();
  await finishTicket(page);
  await page.getByTestId('take-card').getByText('请取走身份证').waitFor();
  assert.equal(await page.getByTestId('card-name').count(), 0, 'the visit is over: no greeting');
  await h.removeCard();
  await page.getByTestId('take-card').waitFor({ state: 'detached' });
  await h.placeCard('resident-li');
  await page.getByTestId('card-name').waitFor();
  assert.equal(await page.getByTestId('priority-offer').count(), 0, 'no priority offer for a younger card');
  await h.removeCard();
  await page.getByTestId('card-name').waitFor({ state: 'detached' });
  await page.close();
});

test('a card left on the reader across a reload belongs to nobody: 请取走身份证, and the next ticket is not in its name', async () => {
  await h.placeCard('resident-li');
  const page = await h.open('/kiosk/');
  await page.getByTestId('take-card').getByText('请取走身份证').waitFor();
  assert.equal(await page.getByTestId('card-name').count(), 0, 'the previous resident is not greeted');
  await tile(page, '综合咨询').click();
  const number = (await page.getByTestId('ticket-number').textContent())?.trim() ?? '';
  const staff = await staffSession(h.url);
  const ticket = (await staff.staffQueue()).tickets.find((t) => t.number === number);
  assert.ok(ticket, 'the ticket was issued');
  assert.equal(ticket.holderMasked, undefined, 'not in the name of the card left behind');
  assert.equal(await page.getByTestId('ticket-take-card').count(), 0);
  await finishTicket(page);
  await tile(page, '居住证办理').click();
  await page.getByText('需要身份证').first().waitFor();
  await page.getByTestId('take-card').waitFor();
  await page.getByRole('button', { name: '返回', exact: true }).click();
  await h.removeCard();
  await page.getByTestId('take-card').waitFor({ state: 'detached' });
  await h.placeCard('resident-li');
  await page.getByTestId('card-name').waitFor();
  assert.equal(await page.getByTestId('take-card').count(), 0, 'lifted and placed again: a new visit');
  await h.removeCard();
  await page.close();
});

test('an expired permit (valid to 2026-03-10) is refused with a message that says so', async () => {
  const page = await h.open('/kiosk/');
  // The page has its first state (an empty reader) before the resident arrives.
  await tile(page, '居住证办理').waitFor();
  await h.placeCard('hmt-chen');
  await page.getByTestId('card-expired').getByText('此证件已过期').waitFor();
  await tile(page, '居住证办理').click();
  await page.getByText('证件已过期，不能用于取号').waitFor();
  assert.equal(await page.getByTestId('ticket-number').count(), 0, 'no number on an expired document');
  // The paired kiosk itself is refused too: the appliance checks, not only the screen.
  const res = await fetch(`${h.url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...h.kiosk },
    body: JSON.stringify({ serviceId: 'consult', withCard: true }),
  });
  assert.equal(res.status, 422);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'card.expired');
  await h.removeCard();
  await page.close();
});

test('an elderly card: priority offered, elderly mode on, priority ticket issued', async () => {
  const page = await h.open('/kiosk/');
  const fontSize = () =>
    page
      .locator('.tile-name')
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  const normal = await fontSize();
  await h.placeCard('resident-zhang');
  await page.getByTestId('priority-offer').waitFor();
  await page.locator('.kiosk.elderly').waitFor();
  const name = (await page.getByTestId('card-name').textContent()) ?? '';
  assert.ok(name.includes('*'), `the name is masked: ${name}`);
  assert.equal(await page.locator('.tile').count(), 5, 'every service on the one screen in elderly mode');
  assert.ok((await fontSize()) >= normal * 1.15, 'elderly mode has larger type');
  await tile(page, '养老服务').click();
  await page
    .getByTestId('ticket-number')
    .getByText(/^C\d{3}$/)
    .waitFor();
  await page.getByText('优先号').waitFor();
  await finishTicket(page);
  await page.getByTestId('elderly-toggle').click();
  await page.locator('.kiosk.elderly').waitFor({ state: 'detached' });
  await h.removeCard();
  await page.close();
});

test('progress lookup: by receipt number on the keypad, by the receipt QR text, by the card; unknown says so', async () => {
  const staff = await staffSession(h.url);
  await h.placeCard('resident-zhang');
  await (
    await fetch(`${h.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...h.kiosk },
      body: JSON.stringify({ serviceId: 'assistance', withCard: true }),
    })
  ).json();
  await h.removeCard();
  const receipt = h.nextPrintJob();
  const accepted = await acceptCaseFor(staff, 'w2', 'dibao-apply', ['居民身份证', '户口簿']);
  const qr = (await receipt).qrCodes[0] ?? '';
  assert.ok(qr.length > 20, 'the receipt carries a QR code');

  const page = await h.open('/kiosk/');
  await page.getByTestId('side-progress').click();
  for (const key of accepted.number.replace('-', ''))
    await page.getByRole('button', { name: key, exact: true }).click();
  // A whole receipt number typed, the keypad moves on to the ID number's last four.
  for (const key of accepted.idTail) await page.getByRole('button', { name: key, exact: true }).click();
  assert.equal(await page.getByTestId('lookup-id-tail').inputValue(), accepted.idTail);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  const row = page.getByTestId('case-row');
  await row.getByText('最低生活保障申请').waitFor();
  assert.ok((await row.textContent())?.includes('已受理'));
  assert.ok((await row.textContent())?.includes(accepted.number));
  await page.getByRole('button', { name: '返回' }).click();

  await page.getByTestId('side-progress').click();
  await page.getByTestId('lookup-code').fill(qr);
  await page.getByTestId('lookup-code').press('Enter');
  await page.getByTestId('case-row').getByText(accepted.number).waitFor();
  await page.getByRole('button', { name: '返回' }).click();

  await page.getByTestId('side-progress').click();
  await page.getByTestId('lookup-code').fill('20000101-0009');
  await page.getByTestId('lookup-id-tail').fill('1234');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.getByText('没有查到办件').waitFor();
  await page.getByRole('button', { name: '返回' }).click();

  await h.placeCard('resident-zhang');
  await page.getByTestId('side-progress').click();
  await page.getByRole('button', { name: '使用身份证查询' }).click();
  await page.getByTestId('case-row').getByText(accepted.number).waitFor();
  await page.getByRole('button', { name: '返回' }).click();
  await h.removeCard();
  await page.close();
});

test('service guide: materials, working-day limits and fee from the real configuration', async () => {
  const page = await h.open('/kiosk/');
  await page.getByTestId('side-guide').click();
  await page.getByRole('button', { name: '低保救助' }).click();
  const item = page.getByTestId('guide-item');
  await item.getByText('最低生活保障申请').waitFor();
  assert.deepEqual(await item.getByTestId('guide-materials').locator('li').allTextContents(), [
    '居民身份证',
    '户口簿',
    '家庭收入证明',
    '银行卡',
  ]);
  assert.equal(await item.getByTestId('guide-promised').textContent(), '20 个工作日');
  assert.equal(await item.getByTestId('guide-legal').textContent(), '30 个工作日');
  assert.equal(await item.getByTestId('guide-fee').textContent(), '免费');
  await page.getByRole('button', { name: '查看其他业务' }).click();
  await page.getByRole('button', { name: '综合咨询' }).click();
  await page.getByTestId('guide-no-items').waitFor();
  await page.close();
});

test('rating: a served ticket is rated and counted; unserved and unknown numbers are refused on screen', async () => {
  // Only the resident who was served rates at the kiosk: their card stays on the reader throughout.
  await h.placeCard('resident-li');
  const taken = (await (
    await fetch(`${h.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...h.kiosk },
      body: JSON.stringify({ serviceId: 'social-security', withCard: true }),
    })
  ).json()) as { ticket: { number: string } };
  const number = taken.ticket.number;
  const rate = async (page: Page, typed: string, score: string) => {
    await page.getByTestId('side-rating').click();
    for (const key of typed) await page.getByRole('button', { name: key, exact: true }).click();
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByRole('button', { name: score, exact: true }).click();
  };
  const page = await h.open('/kiosk/');
  await rate(page, number, '满意');
  await page.getByTestId('side-failure').getByText(`${number} 号尚未办理`).waitFor();
  await page.getByRole('button', { name: '返回' }).click();

  const staff = await staffSession(h.url);
  for (let i = 0; i < 10; i++) {
    const { ticket } = await staff.callNext('w1');
    if (!ticket || ticket.number === number) break;
  }
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const before = (await h.sim.running.appliance.desk.report(day)).overall.ratingCount;
  await rate(page, number, '非常满意');
  await page.getByTestId('rating-thanks').waitFor();
  assert.equal((await h.sim.running.appliance.desk.report(day)).overall.ratingCount, before + 1);
  await page.getByRole('button', { name: '返回' }).click();
  await rate(page, 'A999', '不满意');
  // 不满意 asks why before anything is sent.
  await page.getByText('请告诉我们原因').waitFor();
  assert.equal(await page.getByTestId('rating-send').isDisabled(), true, 'no reason, nothing to send');
  await page.getByRole('button', { name: '等候时间长', exact: true }).click();
  await page.getByTestId('rating-send').click();
  await page.getByTestId('side-failure').getByText('今天没有 A999 这个号码').waitFor();
  await page.getByRole('button', { name: '返回' }).click();

  // 非常不满意 of a served ticket: its reasons and words are kept with it, and it opens a rectification.
  // Again the resident's own number, taken with the card that is still on the reader once w1 is done.
  await staff.finish('w1');
  const poor = (await (
    await fetch(`${h.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...h.kiosk },
      body: JSON.stringify({ serviceId: 'social-security', withCard: true }),
    })
  ).json()) as { ticket: { number: string } };
  for (let i = 0; i < 10; i++) {
    const { ticket } = await staff.callNext('w1');
    if (!ticket || ticket.number === poor.ticket.number) break;
  }
  await rate(page, poor.ticket.number, '非常不满意');
  await page.getByRole('button', { name: '等候时间长', exact: true }).click();
  await page.getByRole('button', { name: '多次跑腿', exact: true }).click();
  await page.getByTestId('rating-words').fill('材料要求没讲清楚');
  await page.getByTestId('rating-send').click();
  await page.getByTestId('rating-thanks').waitFor();
  const kept = h.sim.running.appliance.desk.ratings.poor().at(-1);
  assert.equal(kept?.score, 1);
  assert.deepEqual(kept?.reasons, ['long-wait', 'repeat-visits']);
  assert.equal(kept?.comment, '材料要求没讲清楚');
  assert.ok(kept?.rectifyBy, 'a 差评 has its rectification deadline');
  await page.close();
  await h.removeCard();
});

test('appointment check-in with the ID card gives a priority number; without an appointment it says so', async () => {
  const today = h.sim.running.appliance.queue.today();
  const appliance = h.sim.running.appliance;
  const li = loadSimCard('resident-li');
  await appliance.bookAppointment(
    { serviceId: 'elderly-care', day: today, slot: '10:00', idNumber: li.number },
    'clerk',
  );
  const page = await h.open('/kiosk/');
  await page.getByTestId('side-appointment').click();
  await page.getByTestId('appointment-with-card').getByText('请先在读卡区放置身份证').waitFor();
  await h.placeCard('resident-li');
  await page.getByTestId('appointment-with-card').getByText('用身份证签到').click();
  const number = await page.getByTestId('ticket-number').textContent();
  assert.match(number ?? '', /^C\d{3}$/);
  await page.getByTestId('ticket-done').click();
  await page.getByTestId('take-card').waitFor();
  await h.removeCard();
  await page.getByTestId('take-card').waitFor({ state: 'detached' });
  await h.placeCard('resident-li');
  await page.getByTestId('card-name').waitFor();
  await page.getByTestId('side-appointment').click();
  await page.getByTestId('appointment-with-card').click();
  await page
    .getByTestId('side-failure')
    .getByText(/今天没有您的预约/)
    .waitFor();
  await h.removeCard();
  await page.close();
});

test('idle timeout goes home in Chinese and wipes the name although the card stays on the reader', async () => {
  const page = await h.open('/kiosk/');
  await page.clock.install();
  await page.reload();
  await h.placeCard('resident-li');
  await page.getByTestId('card-name').waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByTestId('side-guide').click();
  await page.clock.fastForward(61_000);
  await page.getByTestId('card-name').waitFor({ state: 'detached' });
  await page.getByText('请选择办理业务').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  assert.ok(h.sim.running.appliance.cardView(), 'the card is still on the reader');
  await h.removeCard();
  await page.close();
});

test('English: the whole home screen and the services switch language', async () => {
  const page = await h.open('/kiosk/');
  await page.getByRole('button', { name: 'English' }).click();
  await tile(page, 'Social assistance').waitFor();
  await page.getByText('Xingfu Street Community Service Centre').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.close();
});

test('printer out of paper: the kiosk shows the no-paper panel and still issues numbers', async () => {
  const page = await h.open('/kiosk/');
  h.sim.printer.setStatus({ paperOut: true });
  try {
    // The appliance learns of paper-out when it next prints.
    await tile(page, '综合咨询').click();
    await page.getByTestId('ticket-number').waitFor({ timeout: 15_000 });
    await page.getByTestId('ticket-printed').getByText('号票未能打印').waitFor();
    await finishTicket(page);
    await page.getByTestId('fault-printer-paper-out').getByText('打印机缺纸').waitFor();
    await tile(page, '社保卡办理').click();
    const number = page.getByTestId('ticket-number');
    await number.waitFor({ timeout: 15_000 });
    assert.match((await number.textContent())?.trim() ?? '', /^A\d{3}$/, 'still issuing');
    await page.getByTestId('ticket-printed').getByText('号票未能打印').waitFor();
    await finishTicket(page);
  } finally {
    h.sim.printer.setStatus({ paperOut: false });
  }
  await page.close();
});
