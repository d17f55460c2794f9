/**
 * The screens' Chromium tests run against the REAL appliance in simulation mode (simulated reader,
 * virtual printer, embedded broker and ingest): one appliance and one browser per test file.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pairBrowserPage, pairScreen } from '../../appliance/http/test-appliance.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { type Simulation, startSimulation } from '../../demo/simulation.ts';
import { loadSimCard } from '../../drivers/idcard/index.ts';
import type { DecodedJob } from '../../drivers/printer/index.ts';
import { buildUi } from '../build.ts';
import { launchChromium } from './browser.ts';

export const DEMO_PASSWORD = 'shequ-demo';
export const DESKTOP = { width: 1280, height: 800 };
export const BOARD = { width: 1920, height: 1080 };

export interface RealHarness {
  sim: Simulation;
  url: string;
  /** Where the screens were built (kiosk/, admin/, board/). */
  uiDir: string;
  browser: Browser;
  /** The cookie header of the kiosk screen paired at start; pages opened on /kiosk/ carry it. */
  kiosk: { cookie: string };
  open(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** A signed-in admin page (clerk by default). */
  signIn(page: Page, username?: string): Promise<void>;
  placeCard(name: 'resident-zhang' | 'resident-li' | 'resident-bad-check' | 'hmt-chen'): Promise<void>;
  removeCard(): Promise<void>;
  /** Resolves with the next job the virtual printer decodes. */
  nextPrintJob(timeoutMs?: number): Promise<DecodedJob>;
  close(): Promise<void>;
}

async function waitUntil(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RealHarnessOptions {
  /** Changes to the demo configuration (e.g. more services). */
  configOverrides?: Partial<ApplianceConfig>;
  /** More Chromium flags, e.g. a fake camera fed from a generated card (fake-camera.ts). */
  chromiumArgs?: readonly string[];
}

export async function startRealHarness(options: RealHarnessOptions = {}): Promise<RealHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'shequ-ui-real-'));
  const cleanups: (() => Promise<void>)[] = [() => rm(dir, { recursive: true, force: true })];
  const closeAll = async () => {
    for (const step of cleanups) await step().catch(() => {});
  };
  try {
    const uiDist = join(dir, 'ui');
    await buildUi(uiDist);
    const sim = await startSimulation({
      dataDir: join(dir, 'sim'),
      httpPort: 0,
      inProcessReader: true,
      uiDistDir: uiDist,
      ...(options.configOverrides ? { configOverrides: options.configOverrides } : {}),
    });
    cleanups.unshift(() => sim.close());
    const browser = await launchChromium(options.chromiumArgs);
    cleanups.unshift(() => browser.close());
    const { url, appliance } = sim.running;
    const kiosk = await pairScreen(sim.running, 'kiosk');
    return {
      sim,
      url,
      uiDir: uiDist,
      browser,
      kiosk,
      async open(path, viewport = DESKTOP) {
        const page = await browser.newPage({ viewport, locale: 'zh-CN' });
        // A kiosk page is a paired kiosk screen: only that one sees and acts for the card on the reader.
        if (path.startsWith('/kiosk')) await pairBrowserPage(page, url, sim.running.dataDir, 'kiosk');
        await page.goto(url + path);
        return page;
      },
      async signIn(page, username = 'clerk') {
        await page.getByLabel('用户名').fill(username);
        await page.getByLabel('密码').fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByTestId('tab-console').waitFor();
      },
      async placeCard(name) {
        sim.reader.place(loadSimCard(name));
        await waitUntil(`the card ${name} to be read`, () => appliance.cardView() !== null);
      },
      async removeCard() {
        sim.reader.remove();
        await waitUntil('the card to be lifted', () => appliance.cardView() === null);
      },
      nextPrintJob(timeoutMs = 10_000) {
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            sim.printer.off('job', onJob);
            reject(new Error('no print job arrived'));
          }, timeoutMs);
          const onJob = (job: DecodedJob) => {
            clearTimeout(timer);
            resolve(job);
          };
          sim.printer.once('job', onJob);
        });
      },
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** A screenshot written to `file`, checked to be more than an empty frame. */
export async function shoot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: file });
  if ((await stat(file)).size < 2000) throw new Error(`${file} looks empty`);
}
