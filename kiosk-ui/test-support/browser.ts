/** Chromium from Debian through playwright-core, and where test screenshots go. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** `extraArgs`: e.g. a fake camera fed from a file (see fake-camera.ts). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/**
 * Screenshots go to $SHEQU_SCREENSHOTS when set (kept for a person to look at); otherwise to a
 * temp dir that `cleanup()` removes.
 */
export async function screenshotDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const kept = process.env.SHEQU_SCREENSHOTS;
  if (kept) {
    await mkdir(kept, { recursive: true });
    return { dir: kept, cleanup: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), 'shequ-ui-shots-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
