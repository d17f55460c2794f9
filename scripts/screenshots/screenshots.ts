/**
 * Screenshots of the main screens in Chinese and English, and the kiosk in elderly mode, from a real
 * simulation with demo data: `node --import tsx scripts/screenshots/screenshots.ts [--out DIR]`
 * (default docs/screenshots/). The kiosk in portrait 1080×1920 and landscape 1920×1080 (with its
 * 证件拍照 screen, the camera a fake device playing a generated card), the admin panel at 1280×800,
 * the board at 1920×1080, a counter's rating screen at 1024×600. The ticket, receipt and 告知单
 * renders in docs/renders/ come from drivers/printer/virtual/render-samples.ts.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { pairBrowserPage, pairScreenAt } from '../../appliance/http/test-appliance.ts';
import { DEVICE_COOKIE } from '../../contract/api.ts';
import { startSimulation } from '../../demo/simulation.ts';
import { loadSimCard } from '../../drivers/idcard/index.ts';
import { cardSequence } from '../../drivers/ocr/testing/frame-sequence.ts';
import { buildUi } from '../../kiosk-ui/build.ts';
import { launchChromium } from '../../kiosk-ui/test-support/browser.ts';
import { fakeCameraArgs, writeY4m } from '../../kiosk-ui/test-support/fake-camera.ts';
import { BOARD, DEMO_PASSWORD, DESKTOP, shoot } from '../../kiosk-ui/test-support/real-appliance.ts';
import { LANDSCAPE, PORTRAIT } from '../../kiosk-ui/test-support/screen-harness.ts';
import { staffSession } from '../../kiosk-ui/test-support/staff-session.ts';
import { installMovableClock, seedDemo } from './demo-data.ts';

const here = dirname(fileURLToPath(import.meta.url));
type Lang = 'zh-CN' | 'en';
const LANGS: Lang[] = ['zh-CN', 'en'];

async function inLanguage(page: Page, lang: Lang): Promise<void> {
  if (lang === 'en') await page.getByRole('button', { name: 'English' }).first().click();
  await page.waitForFunction((want) => document.documentElement.lang === want, lang);
}

const KIOSK_SIZES = [
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const;

async function kioskShots(
  browser: Browser,
  url: string,
  dataDir: string,
  out: string,
  placeCard: () => Promise<void>,
  removeCard: () => Promise<void>,
): Promise<string[]> {
  const files: string[] = [];
  const shot = async (page: Page, name: string) => {
    files.push(join(out, name));
    await shoot(page, files.at(-1)!);
  };
  for (const [orientation, viewport] of KIOSK_SIZES) {
    for (const lang of LANGS) {
      const page = await browser.newPage({ viewport, locale: 'zh-CN' });
      await pairBrowserPage(page, url, dataDir, 'kiosk');
      await page.goto(`${url}/kiosk/`);
      await page.locator('.tile').first().waitFor();
      await inLanguage(page, lang);
      await page.evaluate('document.fonts.ready');
      await shot(page, `kiosk-home.${lang}.${orientation}.png`);
      await page.getByTestId('side-guide').click();
      await page.locator('.guide-list button').nth(1).click();
      await page.getByTestId('guide-item').waitFor();
      await shot(page, `kiosk-guide.${lang}.${orientation}.png`);
      await page.locator('.back-button').click();
      await page.locator('.tile button').last().click();
      await page.getByTestId('ticket-number').waitFor();
      await shot(page, `kiosk-ticket.${lang}.${orientation}.png`);
      await page.getByTestId('ticket-done').click();
      await placeCard();
      await page.locator('.kiosk.elderly').waitFor();
      await page.getByTestId('priority-offer').waitFor();
      await shot(page, `kiosk-elderly-home.${lang}.${orientation}.png`);
      await removeCard();
      await page.getByTestId('card-name').waitFor({ state: 'detached' });
      await page.close();
    }
  }
  return files;
}

async function adminShots(browser: Browser, url: string, out: string): Promise<string[]> {
  const files: string[] = [];
  for (const lang of LANGS) {
    const page = await browser.newPage({ viewport: DESKTOP, locale: 'zh-CN' });
    await page.goto(`${url}/admin/`);
    await page.locator('#username').fill('clerk');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('.login-form button[type="submit"]').click();
    await page.getByTestId('tab-console').waitFor();
    await inLanguage(page, lang);
    await page.getByTestId('counter-select').selectOption('w2');
    await page.getByTestId('accept-form').waitFor();
    await page.getByTestId('accept-form').getByRole('checkbox').first().check();
    files.push(join(out, `admin-console.${lang}.png`));
    await shoot(page, files.at(-1)!);
    await page.getByTestId('tab-cases').click();
    await page.getByTestId('case-card').first().waitFor();
    files.push(join(out, `admin-cases.${lang}.png`));
    await shoot(page, files.at(-1)!);
    await page.getByTestId('tab-report').click();
    await page.getByTestId('report-table').waitFor();
    files.push(join(out, `admin-report.${lang}.png`));
    await shoot(page, files.at(-1)!);
    await page.getByTestId('tab-devices').click();
    await page.locator('.admin main').waitFor();
    files.push(join(out, `admin-devices.${lang}.png`));
    await shoot(page, files.at(-1)!);
    await page.close();
  }
  return files;
}

/** The board is bilingual by design (Chinese call, English line under it): one picture. */
async function boardShot(browser: Browser, url: string, out: string): Promise<string> {
  const page = await browser.newPage({ viewport: BOARD, locale: 'zh-CN' });
  await page.goto(`${url}/board/`);
  await page.getByTestId('current-call').waitFor();
  const file = join(out, 'board.png');
  await shoot(page, file);
  await page.close();
  return file;
}

/**
 * 证件拍照 with the live picture: the camera is a fake device playing a generated card. OCR answers
 * "nothing found" here so the picture shows the screen while it looks, not the ticket after it.
 */
async function cameraShots(url: string, dataDir: string, work: string, out: string): Promise<string[]> {
  const video = join(work, 'card.y4m');
  await writeY4m(video, (await cardSequence({ seed: 5, frames: 3, approach: 0 })).frames);
  const browser = await launchChromium(fakeCameraArgs(video));
  const files: string[] = [];
  try {
    for (const [orientation, viewport] of KIOSK_SIZES) {
      for (const lang of LANGS) {
        const page = await browser.newPage({ viewport, locale: 'zh-CN' });
        await pairBrowserPage(page, url, dataDir, 'kiosk');
        await page.route('**/api/documents/ocr*', (route) =>
          route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({
              kind: 'not-found',
              valid: false,
              identified: false,
              problems: ['not-found'],
            }),
          }),
        );
        await page.goto(`${url}/kiosk/`);
        await inLanguage(page, lang);
        await page.getByTestId('camera-open').click();
        await page.waitForFunction(() => {
          const v = document.querySelector('video');
          return v !== null && v.readyState >= 2 && v.currentTime > 0.3;
        });
        await page.waitForFunction(
          () => Number(document.querySelector('[data-frames]')?.getAttribute('data-frames')) > 0,
        );
        files.push(join(out, `kiosk-camera.${lang}.${orientation}.png`));
        await shoot(page, files.at(-1)!);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return files;
}

/** A counter's rating screen, lit after the clerk finished a ticket, in both languages. */
async function ratingShots(browser: Browser, url: string, dataDir: string, out: string): Promise<string[]> {
  const staff = await staffSession(url);
  await staff.finish('w1').catch(() => {});
  await fetch(`${url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'consult', withCard: false }),
  });
  await staff.callNext('w1');
  await staff.finish('w1');
  const files: string[] = [];
  for (const lang of LANGS) {
    const page = await browser.newPage({ viewport: { width: 1024, height: 600 }, locale: 'zh-CN' });
    const { cookie } = await pairScreenAt(url, dataDir, 'counter-rating', 'w1');
    await page
      .context()
      .addCookies([{ name: DEVICE_COOKIE, value: cookie.slice(cookie.indexOf('=') + 1), url }]);
    await page.goto(`${url}/rating/`);
    await page.getByTestId('rating-ask').waitFor();
    await inLanguage(page, lang);
    files.push(join(out, `rating-screen.${lang}.png`));
    await shoot(page, files.at(-1)!);
    await page.close();
  }
  return files;
}

export async function takeScreenshots(outDir: string): Promise<string[]> {
  const clock = installMovableClock();
  const work = await mkdtemp(join(tmpdir(), 'shequ-shots-'));
  const ui = join(work, 'ui');
  await buildUi(ui);
  const sim = await startSimulation({
    dataDir: join(work, 'sim'),
    httpPort: 0,
    inProcessReader: true,
    uiDistDir: ui,
  });
  let browser: Browser | null = null;
  try {
    await seedDemo(sim, clock);
    await mkdir(outDir, { recursive: true });
    browser = await launchChromium();
    const { url, appliance } = sim.running;
    const waitCard = async (present: boolean) => {
      for (let i = 0; i < 100 && (appliance.cardView() !== null) !== present; i++)
        await new Promise((r) => setTimeout(r, 50));
    };
    return [
      ...(await kioskShots(
        browser,
        url,
        sim.running.dataDir,
        outDir,
        async () => {
          sim.reader.place(loadSimCard('resident-zhang'));
          await waitCard(true);
        },
        async () => {
          sim.reader.remove();
          await waitCard(false);
        },
      )),
      ...(await cameraShots(url, sim.running.dataDir, work, outDir)),
      ...(await adminShots(browser, url, outDir)),
      await boardShot(browser, url, outDir),
      ...(await ratingShots(browser, url, sim.running.dataDir, outDir)),
    ];
  } finally {
    await browser?.close();
    await sim.close();
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = resolve(values.out ?? join(here, '..', '..', 'docs', 'screenshots'));
  takeScreenshots(out).then(
    (files) => {
      for (const f of files) process.stdout.write(`${f}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`screenshots failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
