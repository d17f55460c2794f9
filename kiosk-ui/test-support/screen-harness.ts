/** Build once, start the mock appliance and Chromium, and clean all of it up: shared by the screen tests. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildUi } from '../build.ts';
import { launchChromium, screenshotDir } from './browser.ts';
import { type MockAppliance, startMockAppliance } from './mock-appliance.ts';

export interface ScreenHarness {
  appliance: MockAppliance;
  open(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  shoot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };

export async function startScreenHarness(): Promise<ScreenHarness> {
  const dist = await mkdtemp(join(tmpdir(), 'shequ-ui-dist-'));
  const cleanups: (() => Promise<void>)[] = [() => rm(dist, { recursive: true, force: true })];
  try {
    await buildUi(dist);
    const appliance = await startMockAppliance(dist);
    cleanups.unshift(() => appliance.close());
    const browser: Browser = await launchChromium();
    cleanups.unshift(() => browser.close());
    const shots = await screenshotDir();
    cleanups.push(shots.cleanup);
    return {
      appliance,
      async open(path, viewport = { width: 1280, height: 800 }) {
        const page = await browser.newPage({ viewport, locale: 'zh-CN' });
        await page.goto(appliance.url + path);
        return page;
      },
      async shoot(page, name) {
        const file = join(shots.dir, `${name}.png`);
        await page.screenshot({ path: file });
        assert.ok((await stat(file)).size > 1000, `${name}.png looks empty`);
      },
      async close() {
        for (const cleanup of cleanups) await cleanup();
      },
    };
  } catch (err) {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    throw err;
  }
}
