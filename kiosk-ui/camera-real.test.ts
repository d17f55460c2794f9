/**
 * 证件拍照 at the kiosk, in Chromium against the real appliance: the browser's camera is a fake
 * device playing generated frames of an ID card (or a passport page) moving into place; the kiosk
 * sends frames to the appliance's OCR until one reads with valid check digits, then goes on as
 * with a card on the reader: masked identity, a card-only ticket, nothing to take back.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { pairBrowserPage } from '../appliance/http/test-appliance.ts';
import { maskName } from '../drivers/idcard/index.ts';
import { cardSequence, mrzSequence } from '../drivers/ocr/testing/frame-sequence.ts';
import { seededRandom } from '../drivers/ocr/testing/random.ts';
import { syntheticMrzPerson, td3Lines } from '../drivers/ocr/testing/synthetic-mrz.ts';
import { launchChromium } from './test-support/browser.ts';
import { fakeCameraArgs, writeY4m } from './test-support/fake-camera.ts';
import { type RealHarness, startRealHarness } from './test-support/real-appliance.ts';
import { staffSession } from './test-support/staff-session.ts';

const PORTRAIT = { width: 1080, height: 1920 };
/** OCR of one frame takes a second or more on a loaded 2-core box; a capture takes a few. */
const CAPTURE_MS = 120_000;
let h: RealHarness;
let dir: string;
let person: Awaited<ReturnType<typeof cardSequence>>['person'];
let passportBrowser: Browser;
const passport = syntheticMrzPerson(seededRandom(4242));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shequ-camera-'));
  const card = await cardSequence({ seed: 31, frames: 10, approach: 3 });
  person = card.person;
  await writeY4m(join(dir, 'card.y4m'), card.frames);
  await writeY4m(
    join(dir, 'passport.y4m'),
    await mrzSequence({ seed: 32, frames: 10, approach: 3, lines: td3Lines(passport) }),
  );
  h = await startRealHarness({ chromiumArgs: fakeCameraArgs(join(dir, 'card.y4m')) });
  passportBrowser = await launchChromium(fakeCameraArgs(join(dir, 'passport.y4m')));
});
after(async () => {
  await passportBrowser?.close();
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a resident without a readable card photographs it: captured once the number checks, then a card-only ticket', async () => {
  const kiosk = await h.open('/kiosk/', PORTRAIT);
  await kiosk.getByRole('button', { name: '低保救助', exact: true }).click();
  await kiosk.getByText('办理“低保救助”需要身份证').waitFor();
  const loaded: string[] = [];
  kiosk.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await kiosk.getByTestId('camera-open').click();
  assert.ok(
    loaded.some((p) => /\/kiosk\/chunk-[\w-]+\.js$/.test(p)),
    'the camera screen loads on the tap, as its own chunk',
  );
  await kiosk.getByTestId('camera-screen').waitFor();
  assert.match((await kiosk.getByTestId('camera-hint').textContent()) ?? '', /摄像头|证件/);
  const printed = h.nextPrintJob(CAPTURE_MS);
  await kiosk.getByTestId('ticket-number').waitFor({ timeout: CAPTURE_MS });
  const number = (await kiosk.getByTestId('ticket-number').textContent())?.trim() ?? '';
  assert.match(number, /^B\d{3}$/, 'a ticket of the card-only service');
  const job = await printed;
  assert.ok(!job.text.includes(person.number), 'the full number is never printed');
  assert.equal(await kiosk.getByTestId('take-card').count(), 0, 'nothing on the reader to take back');
  assert.ok(!((await kiosk.locator('main').textContent()) ?? '').includes('请取走身份证'));

  const queue = await (await staffSession(h.url)).staffQueue();
  const ticket = queue.tickets.find((t) => t.number === number);
  const holder = ticket?.holderMasked ?? '';
  // The name is the card's own, read from its name field, or withheld; never another line's.
  assert.ok(
    holder === maskName(person.name) || holder === '',
    `holder ${holder} is the masked name on the card or nothing`,
  );
  // The person read from the photo is forgotten with the ticket: the next resident starts anew.
  await kiosk.waitForFunction(() => !document.querySelector('[data-testid="card-name"]'));
  assert.equal(h.sim.running.appliance.cardView(), null);
});

test('a passport at the camera: its MRZ read with valid check digits greets the holder masked, and a number follows', async () => {
  const page = await passportBrowser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  await pairBrowserPage(page, h.url, h.sim.running.dataDir, 'kiosk');
  await page.goto(`${h.url}/kiosk/`);
  await page.getByTestId('camera-open').click();
  await page.getByTestId('camera-kind-mrz').click();
  assert.equal(await page.getByTestId('camera-kind-mrz').getAttribute('aria-pressed'), 'true');
  // Identified: back home, greeted by the masked Latin name, as with a card on the reader.
  const greeting = page.getByTestId('card-name');
  await greeting.waitFor({ timeout: CAPTURE_MS });
  const text = (await greeting.textContent()) ?? '';
  assert.ok(text.includes(maskName(`${passport.surname} ${passport.givenNames}`)), text);
  assert.ok(!text.includes(passport.givenNames), 'the name is masked');
  await page.getByRole('button', { name: '低保救助', exact: true }).click();
  await page.getByTestId('ticket-number').waitFor();
  assert.equal(h.sim.running.appliance.cardView(), null, 'forgotten once the ticket is out');
  await page.close();
});
