/**
 * The ticket a phone can follow, against the real appliance: the printed QR opens a page that shows
 * the number, the people ahead, the wait and later the counter, with nothing about the holder; the
 * same code under the kiosk's scanner says the same; the ticket says 当日有效, its counters and 温馨提示.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RealHarness, startRealHarness } from './test-support/real-appliance.ts';
import { staffSession } from './test-support/staff-session.ts';

const PHONE = { width: 390, height: 844 };
let h: RealHarness;

before(async () => {
  h = await startRealHarness();
  const core = h.sim.running.appliance;
  // The site's page address: the appliance itself on the LAN, as in the demo.
  core.reconfigure({ ...core.config, centre: { ...core.config.centre, ticketPageUrl: `${h.url}/` } });
});
after(async () => {
  await h?.close();
});

async function scan(text: string): Promise<void> {
  const res = await fetch(`${h.url}/api/sim/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  assert.equal(res.status, 204);
}

test('the ticket QR opens a phone page with the live place in the queue, and the kiosk scanner shows the same', async () => {
  const kiosk = await h.open('/kiosk/');
  await kiosk.getByRole('button', { name: '养老服务', exact: true }).waitFor();
  // Someone ahead, so the place and wait are more than zero. Its ticket prints first: the job
  // awaited below must be the resident's own.
  const aheadPrinted = h.nextPrintJob();
  await fetch(`${h.url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'elderly-care', withCard: false }),
  });
  await aheadPrinted;
  await h.placeCard('resident-li');
  const printed = h.nextPrintJob();
  await kiosk.getByRole('button', { name: '养老服务', exact: true }).click();
  const number = (await kiosk.getByTestId('ticket-number').textContent())?.trim() ?? '';
  const job = await printed;
  const qr = job.qrCodes[0] ?? '';
  assert.ok(qr.startsWith(`${h.url}/q/`), `the QR is an address a phone opens: ${qr.slice(0, 40)}`);
  assert.ok(job.text.includes('当日有效'), 'the ticket says it is valid on its day');
  assert.ok(job.text.includes('办理窗口：2 号窗口'), 'and which counter serves it');
  assert.ok(job.text.includes('温馨提示'), 'and carries the 温馨提示');

  const phone = await h.open('/kiosk/', PHONE);
  const res = await phone.goto(qr);
  assert.equal(res?.status(), 200);
  assert.equal(await phone.getByTestId('number').textContent(), number);
  assert.equal(await phone.getByTestId('headline').textContent(), '排队中');
  const body = (await phone.locator('main').textContent()) ?? '';
  assert.match(body, /前面等候1 人/, body);
  assert.match(body, /预计等待约 \d+ 分钟/);
  assert.ok(!body.includes('*') && !body.includes('取号人'), 'nothing about the holder on the page');
  assert.ok(
    (await phone.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width,
    'fits a phone',
  );

  await scan(qr);
  const firstScanAt = Date.now();
  await kiosk.getByTestId('scan-notice').getByText(`排队号 ${number} · 前面还有 1 人`).waitFor();

  const staff = await staffSession(h.url);
  await staff.callNext('w2');
  await staff.finish('w2');
  const called = await staff.callNext('w2');
  assert.equal(called.ticket?.number, number);
  await phone.reload();
  assert.equal(await phone.getByTestId('headline').textContent(), '请到 2 号窗口办理');
  // The scanner ignores the same code read again within its repeat hold-off (1.5 s): a resident's
  // second scan comes later than that.
  await new Promise((r) => setTimeout(r, Math.max(0, firstScanAt + 1_600 - Date.now())));
  await scan(qr);
  await kiosk.getByTestId('scan-notice').getByText(`排队号 ${number} · 正在叫号，请到 2 号窗口`).waitFor();
  await staff.finish('w2');
  await phone.reload();
  assert.equal(await phone.getByTestId('headline').textContent(), '已办理完毕');
  await h.removeCard();
  await kiosk.close();
  await phone.close();
});

test('a forged or foreign code gets a page that says it cannot be read, and no ticket data', async () => {
  const page = await h.open('/kiosk/', PHONE);
  const forged = await page.goto(`${h.url}/q/${encodeURIComponent('SQ1.T.AAAA.X.Y.Z')}`);
  assert.equal(forged?.status(), 404);
  assert.equal(await page.getByTestId('headline').textContent(), '无法识别这张号票，请到服务台咨询');
  assert.equal(await page.getByTestId('number').count(), 0);
  const json = await fetch(`${h.url}/api/tickets/progress/not-a-code`);
  assert.deepEqual(await json.json(), { state: 'unknown' });
  await page.close();
});
