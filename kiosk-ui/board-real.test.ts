/**
 * The board in Chromium against the real appliance: a call is heard (Debian's Chromium has no
 * speech voice, so the recorded clips play, in the right order, through the Web Audio API once the
 * sound switch has been pressed), the clock runs, waiting counts follow the queue, and a call
 * leaves "now calling" after the board's stale time.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { announcementClips } from './board/announcement.ts';
import { BOARD, type RealHarness, startRealHarness } from './test-support/real-appliance.ts';
import { staffSession } from './test-support/staff-session.ts';
import { takeTicket } from './test-support/tickets.ts';

let h: RealHarness;

before(async () => {
  h = await startRealHarness();
});
after(async () => {
  await h?.close();
});

test('a call plays chime, 请, letter and digits, 号, 到, the counter number, 号窗口, 办理 from the clips', async () => {
  const page = await h.open('/board/', BOARD);
  await page.getByTestId('board-clock').waitFor();
  assert.equal(await page.evaluate('speechSynthesis.getVoices().length'), 0, 'this Chromium has no voice');
  // Chromium holds audio until someone touches the page: the board shows its sound switch (a TV
  // in kiosk mode that allows autoplay shows none), calls are not queued up meanwhile, one tap frees it.
  await page.getByTestId('sound-switch').click();
  await page.getByTestId('sound-switch').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('announcer').getAttribute('data-played'), '0');

  const staff = await staffSession(h.url);
  const { ticket } = await takeTicket(h.url, 'consult');
  const called = await staff.callNext('w3');
  assert.equal(called.ticket?.number, ticket.number);
  const expected = announcementClips({ ticketNumber: ticket.number, counterNumber: 3 });
  assert.deepEqual(expected.slice(0, 3), ['chime', 'qing', 'letter-e']);
  const announcer = page.getByTestId('announcer');
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="announcer"]')?.getAttribute('data-sequence') === want,
    expected.join(' '),
  );
  // Every clip of the sequence ends: the audio context really played them.
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="announcer"]')?.getAttribute('data-played')) >= n,
    expected.length,
    { timeout: 20_000 },
  );
  assert.equal(await announcer.getAttribute('data-played'), String(expected.length));
  const fetched = (await page.evaluate(
    `performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/clips/'))`,
  )) as string[];
  for (const clip of new Set(expected))
    assert.ok(
      fetched.some((url) => url.endsWith(`/board/clips/${clip}.opus`)),
      `fetched ${clip}`,
    );
  await page.getByTestId('current-call').getByText(`请 ${ticket.number} 号到 3 号窗口`).waitFor();
  await page.close();
});

test('the clock runs, waiting per service follows the queue, an old call leaves "now calling"', async () => {
  const page = await h.open('/board/', BOARD);
  await page.clock.install();
  await page.goto(`${h.url}/board/?stale=2`);
  await page.getByTestId('waiting-cell').first().waitFor();
  const cell = page.locator('[data-testid="waiting-cell"][data-service-id="elderly-care"] .waiting-count');
  const before = Number(/\d+/.exec((await cell.textContent()) ?? '')?.[0]);
  await takeTicket(h.url, 'elderly-care');
  await cell.getByText(`${before + 1} 人`).waitFor();

  const staff = await staffSession(h.url);
  const { ticket } = await staff.callNext('w2');
  assert.ok(ticket);
  await page.getByTestId('current-call').getByText(ticket.number).waitFor();
  const clock = await page.getByTestId('board-clock').locator('time').textContent();
  assert.match(clock ?? '', /^\d{2}:\d{2}:\d{2}$/);
  await page.clock.fastForward(60_000);
  await page.getByTestId('current-call').getByText(ticket.number).waitFor();
  assert.notEqual(
    await page.getByTestId('board-clock').locator('time').textContent(),
    clock,
    'the clock moved',
  );
  await page.clock.fastForward(61_000);
  await page.getByTestId('current-call').waitFor({ state: 'detached' });
  await page.getByTestId('recent-call').filter({ hasText: ticket.number }).waitFor();
  await page.close();
});
