/**
 * Every kiosk screen fits its screen, measured in Chromium against the real appliance: portrait
 * 1080×1920 and landscape 1920×1080, standard and elderly mode, Chinese and English; no page
 * taller or wider than the screen, nothing outside it or cut off, every control at least 2 cm
 * (layout-audit.ts states the dpi). First with the demo's five services, then with twelve.
 * SHEQU_SCREENSHOTS=/some/dir keeps a picture of every screen measured.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { simulationConfig } from '../firmware-config/sim-config.ts';
import { screenshotDir } from './test-support/browser.ts';
import { auditLayout, MIN_TARGET_PX } from './test-support/layout-audit.ts';
import { type RealHarness, startRealHarness } from './test-support/real-appliance.ts';
import { LANDSCAPE, PORTRAIT } from './test-support/screen-harness.ts';
import { acceptCaseFor, staffSession } from './test-support/staff-session.ts';

let h: RealHarness;
let shots: Awaited<ReturnType<typeof screenshotDir>>;
let receiptNo = '';
let idTail = '';

before(async () => {
  h = await startRealHarness();
  shots = await screenshotDir();
  await h.placeCard('resident-zhang');
  const taken = await fetch(`${h.url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...h.kiosk },
    body: JSON.stringify({ serviceId: 'assistance', withCard: true }),
  });
  assert.ok(taken.ok, `ticket: HTTP ${taken.status}`);
  await h.removeCard();
  ({ number: receiptNo, idTail } = await acceptCaseFor(await staffSession(h.url), 'w2', 'dibao-apply', [
    '居民身份证',
  ]));
});
after(async () => {
  await h?.close();
  await shots?.cleanup();
});

type Lang = 'zh-CN' | 'en';
interface Combo {
  name: string;
  viewport: { width: number; height: number };
  lang: Lang;
  elderly: boolean;
}
const combos: Combo[] = [];
for (const [orientation, viewport] of [
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const)
  for (const lang of ['zh-CN', 'en'] as const)
    for (const elderly of [false, true])
      combos.push({ name: `${orientation} ${lang}${elderly ? ' elderly' : ''}`, viewport, lang, elderly });

/** Measures the screen now showing; collects faults instead of failing at the first. */
async function measure(page: Page, combo: Combo, screen: string, faults: string[]): Promise<void> {
  await page.evaluate('document.fonts.ready');
  const audit = await auditLayout(page);
  assert.ok(audit.controls > 0, `${combo.name} ${screen}: no controls found`);
  for (const f of audit.faults) faults.push(`${combo.name} · ${screen}: ${f}`);
  if (process.env.SHEQU_SCREENSHOTS)
    await page.screenshot({ path: join(shots.dir, `layout-${combo.name}-${screen}.png`.replace(/ /g, '_')) });
}

async function openAs(combo: Combo): Promise<Page> {
  const page = await h.open('/kiosk/', combo.viewport);
  await page.locator('.tile-button').first().waitFor();
  await setMode(page, combo);
  return page;
}

async function setMode(page: Page, combo: Combo): Promise<void> {
  if (combo.lang === 'en') await page.locator('.lang-button').click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, combo.lang);
  const elderly = (await page.locator('.kiosk.elderly').count()) > 0;
  if (elderly !== combo.elderly) await page.getByTestId('elderly-toggle').click();
  await page.locator(combo.elderly ? '.kiosk.elderly' : '.kiosk:not(.elderly)').waitFor();
}

const back = (page: Page) => page.locator('.back-button').click();

async function sideScreens(page: Page, combo: Combo, faults: string[]): Promise<void> {
  await page.getByTestId('side-guide').click();
  await page.locator('.guide-list').waitFor();
  await measure(page, combo, 'guide list', faults);
  for (const id of [1, 3]) {
    await page.locator('.guide-list button').nth(id).click();
    await page.getByTestId('guide-detail').waitFor();
    await measure(page, combo, `guide detail ${id}`, faults);
    await page.locator('.guide-detail > .secondary-button').click();
  }
  await back(page);

  await page.getByTestId('side-progress').click();
  await page.getByTestId('lookup-code').waitFor();
  await measure(page, combo, 'progress form', faults);
  await page.getByTestId('lookup-code').fill(receiptNo);
  await page.getByTestId('lookup-id-tail').fill(idTail);
  await page.getByTestId('lookup-id-tail').press('Enter');
  await page.getByTestId('case-row').waitFor();
  await measure(page, combo, 'progress found', faults);
  await back(page);
  await page.getByTestId('side-progress').click();
  await page.getByTestId('lookup-code').fill('20000101-0009');
  await page.getByTestId('lookup-id-tail').fill('1234');
  await page.getByTestId('lookup-id-tail').press('Enter');
  await page.locator('.side-result').waitFor();
  await measure(page, combo, 'progress none', faults);
  await back(page);

  await page.getByTestId('side-rating').click();
  for (const key of 'A999') await page.locator('.keypad-keys .key', { hasText: key }).first().click();
  await measure(page, combo, 'rating number', faults);
  await page.locator('.rating-number > .primary-button').click();
  await page.locator('.rating-scores').waitFor();
  await measure(page, combo, 'rating scores', faults);
  await page.locator('.rating-scores button').last().click();
  await page.locator('.rating-reasons').waitFor();
  await page.locator('.reason-choice').first().click();
  await measure(page, combo, 'rating reasons', faults);
  await page.getByTestId('rating-send').click();
  await page.getByTestId('side-failure').waitFor();
  await measure(page, combo, 'rating refused', faults);
  await back(page);

  await page.getByTestId('side-appointment').click();
  await page.getByTestId('appointment-body').waitFor();
  await measure(page, combo, 'appointment', faults);
  await back(page);
}

async function ticketScreens(page: Page, combo: Combo, faults: string[]): Promise<void> {
  await page.locator('[data-service-id="residence"]').click();
  await page.locator('.card-prompt').waitFor();
  await measure(page, combo, 'card prompt', faults);
  // 证件拍照 (this browser has no camera: the screen says so, in the same frame as the live picture).
  await page.getByTestId('camera-open').click();
  await page.locator('[data-testid="camera-screen"][data-phase="no-camera"]').waitFor();
  await measure(page, combo, 'camera', faults);
  await back(page);
  await page.locator('[data-service-id="residence"]').click();
  await page.locator('.card-prompt').waitFor();
  await page.locator('.card-prompt .secondary-button').click();
  await page.locator('[data-service-id="consult"]').click();
  await page.getByTestId('ticket-number').waitFor();
  await measure(page, combo, 'ticket', faults);
  await page.getByTestId('ticket-done').click();

  await h.placeCard('resident-li');
  await page.getByTestId('card-name').waitFor();
  await measure(page, combo, 'home with card', faults);
  // The card holds one number per service: the first mode's visit gets it, every later try is refused.
  await page.locator('[data-service-id="social-security"]').click();
  await page.locator('.ticket-screen, .error-screen').waitFor();
  if (await page.locator('.ticket-screen').count()) {
    await page.getByTestId('ticket-take-card').waitFor();
    await measure(page, combo, 'ticket taken with the card (请取走身份证)', faults);
    await page.getByTestId('ticket-done').click();
    await page.getByTestId('take-card').waitFor();
    await measure(page, combo, 'home, card to take', faults);
    // The visit is over: the card must be lifted and placed again to act for its holder.
    await h.removeCard();
    await page.getByTestId('take-card').waitFor({ state: 'detached' });
    await h.placeCard('resident-li');
    await page.getByTestId('card-name').waitFor();
    await page.locator('[data-service-id="social-security"]').click();
  }
  await page.locator('.error-screen').waitFor();
  await measure(page, combo, 'error (already holds a number)', faults);
  await page.locator('.error-screen button').click();
  await h.removeCard();
  await page.getByTestId('card-name').waitFor({ state: 'detached' });

  if (combo.elderly) {
    await h.placeCard('resident-zhang');
    await page.getByTestId('priority-offer').waitFor();
    await measure(page, combo, 'home with an elderly card', faults);
    await h.removeCard();
    await page.getByTestId('card-name').waitFor({ state: 'detached' });
  }
}

async function faultScreens(page: Page, combo: Combo, faults: string[]): Promise<void> {
  h.sim.printer.setStatus({ paperOut: true });
  try {
    await page.locator('[data-service-id="consult"]').click();
    await page.getByTestId('ticket-printed').locator('.ticket-note-warn, :scope.ticket-note-warn').waitFor();
    await measure(page, combo, 'ticket not printed', faults);
    await page.getByTestId('ticket-done').click();
    await page.getByTestId('fault-printer-paper-out').waitFor();
    await measure(page, combo, 'home, printer out of paper', faults);
  } finally {
    h.sim.printer.setStatus({ paperOut: false });
  }
  await page.route('**/api/events', (route) => route.abort());
  await page.reload();
  await page.getByTestId('fault-appliance-offline').waitFor();
  await setMode(page, combo);
  await measure(page, combo, 'out of service', faults);
  await page.unroute('**/api/events');
}

test('every kiosk screen fits portrait and landscape, standard and elderly, Chinese and English', async () => {
  const faults: string[] = [];
  for (const combo of combos) {
    const page = await openAs(combo);
    await measure(page, combo, 'home', faults);
    await sideScreens(page, combo, faults);
    await ticketScreens(page, combo, faults);
    await faultScreens(page, combo, faults);
    await page.close();
  }
  assert.deepEqual(
    faults,
    [],
    `${faults.length} layout faults (2 cm = ${MIN_TARGET_PX.toFixed(1)} px):\n${faults.join('\n')}`,
  );
});

const extraServices = [
  ['disability', 'F', '残疾人服务', 'Services for people with disabilities'],
  ['family', 'G', '计划生育服务', 'Family planning'],
  ['legal-aid', 'H', '法律援助', 'Legal aid'],
  ['migrants', 'J', '流动人口登记', 'Registration of residents from elsewhere'],
  ['jobs', 'K', '就业创业服务', 'Employment and starting a business'],
  ['medical', 'L', '医疗保险报销', 'Medical insurance claims'],
  ['veterans', 'M', '退役军人服务', 'Services for veterans'],
] as const;

test('twelve services still fit on the one home screen and the guide list, in every mode', async () => {
  const base = simulationConfig();
  h.sim.running.appliance.reconfigure({
    ...h.sim.running.appliance.config,
    services: [
      ...h.sim.running.appliance.config.services,
      ...extraServices.map(([id, prefix, name, nameEn]) => ({
        ...base.services[4]!,
        id,
        prefix,
        name,
        nameEn,
      })),
    ],
  });
  const faults: string[] = [];
  for (const combo of combos) {
    const page = await openAs(combo);
    assert.equal(await page.locator('.tile-button').count(), 12, `${combo.name}: all twelve on one screen`);
    await measure(page, combo, 'home, 12 services', faults);
    await page.getByTestId('side-guide').click();
    await page.locator('.guide-list').waitFor();
    await measure(page, combo, 'guide list, 12 services', faults);
    await page.close();
  }
  assert.deepEqual(faults, [], `${faults.length} layout faults:\n${faults.join('\n')}`);
});
