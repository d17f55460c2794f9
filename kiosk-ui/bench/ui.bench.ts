/**
 * The screens' weight and speed, against the real appliance in simulation mode:
 * - gzip size of each app's JavaScript (goal: kiosk < 50 KB), anchored on preact itself gzipped;
 * - tap → next screen, median of 20 taps, timed in the page from the click until the frame after the
 *   next screen's element exists (the guide: pure UI; a ticket: through the appliance, store and printer);
 * - the same taps per layout (portrait, landscape, elderly, English) with the CPU throttled 4× (CDP),
 *   anchored on a bare page whose button adds one element, tapped the same way at 4×;
 * - first-contentful-paint of the kiosk with the CPU throttled 4× (CDP), anchored on the same page
 *   unthrottled and on a one-line HTML page throttled 4×.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { type BenchResult, median, round } from '../../bench/types.ts';
import { initialScripts } from '../build.ts';
import { type RealHarness, startRealHarness } from '../test-support/real-appliance.ts';

const TAPS = 20;
const LAYOUT_TAPS = 10;
const PAINTS = 5;
const THROTTLE = 4;

interface Layout {
  name: string;
  viewport: { width: number; height: number };
  elderly: boolean;
  english: boolean;
}
const LAYOUTS: Layout[] = [
  { name: 'portrait', viewport: { width: 1080, height: 1920 }, elderly: false, english: false },
  { name: 'landscape', viewport: { width: 1920, height: 1080 }, elderly: false, english: false },
  { name: 'elderly', viewport: { width: 1080, height: 1920 }, elderly: true, english: false },
  { name: 'en', viewport: { width: 1080, height: 1920 }, elderly: false, english: true },
];
const BARE_PAGE =
  '<!doctype html><button id="tap" style="width:300px;height:120px">请选择</button>' +
  '<script>document.getElementById("tap").onclick=()=>{document.querySelectorAll(".next").forEach((e)=>e.remove());' +
  'const d=document.createElement("p");d.className="next";d.textContent="已选择";document.body.append(d);}</script>';

async function gzipKb(...files: string[]): Promise<number> {
  let bytes = 0;
  for (const file of files) bytes += gzipSync(await readFile(file), { level: 9 }).length;
  return round(bytes / 1024, 2);
}

/** Click `click` and resolve with the ms until `appears` is in the DOM, all measured inside the page. */
function tapTo(page: Page, click: string, appears: string): Promise<number> {
  return page.evaluate(
    `new Promise((resolve, reject) => {
      const target = document.querySelector(${JSON.stringify(click)});
      if (!target) return reject(new Error('nothing to tap: ' + ${JSON.stringify(click)}));
      const start = performance.now();
      let finished = false;
      // Stop the clock after the frame that shows the new screen: rAF, then the task after the paint.
      const done = () => { if (finished) return; finished = true; observer.disconnect(); requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start))); };
      const observer = new MutationObserver(() => { if (document.querySelector(${JSON.stringify(appears)})) done(); });
      observer.observe(document.body, { childList: true, subtree: true });
      target.click();
      if (document.querySelector(${JSON.stringify(appears)})) done();
    })`,
  ) as Promise<number>;
}

async function firstPaint(page: Page, url: string, throttle: number): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.goto(url, { waitUntil: 'load' });
  const fcp = await page.waitForFunction(
    `(() => { const e = performance.getEntriesByName('first-contentful-paint')[0]; return e ? e.startTime : 0; })()`,
  );
  const value = (await fcp.jsonValue()) as number;
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.detach();
  return value;
}

/** Medians of tap → guide and tap → ticket in one layout, the CPU throttled as a slow kiosk board. */
async function layoutTaps(h: RealHarness, layout: Layout): Promise<{ guide: number; ticket: number }> {
  const page = await h.open('/kiosk/', layout.viewport);
  await page.locator('.tile').first().waitFor();
  if (layout.elderly) await page.getByTestId('elderly-toggle').click();
  if (layout.english) await page.locator('.lang-button').click();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  const guide: number[] = [];
  const ticket: number[] = [];
  for (let i = 0; i < LAYOUT_TAPS; i++) {
    guide.push(await tapTo(page, '[data-testid="side-guide"]', '.side-screen'));
    await tapTo(page, '.back-button', '[data-testid="side-guide"]');
    ticket.push(await tapTo(page, '[data-service-id="consult"]', '[data-testid="ticket-number"]'));
    await tapTo(page, '[data-testid="ticket-done"]', '[data-testid="side-guide"]');
  }
  await cdp.detach();
  await page.close();
  return { guide: round(median(guide), 1), ticket: round(median(ticket), 1) };
}

async function bareTap(h: RealHarness): Promise<number> {
  const page = await h.browser.newPage({ viewport: { width: 1080, height: 1920 } });
  const url = `${h.url}/bench-bare-tap.html`;
  await page.route(url, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: BARE_PAGE }),
  );
  await page.goto(url);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  const taps: number[] = [];
  for (let i = 0; i < LAYOUT_TAPS * 2; i++) taps.push(await tapTo(page, '#tap', '.next'));
  await cdp.detach();
  await page.close();
  return round(median(taps), 1);
}

export async function bench(): Promise<BenchResult> {
  const h = await startRealHarness();
  try {
    const uiDir = h.uiDir;
    // preact's package exports hide dist/: find the package root from its main entry.
    const preactMain = createRequire(import.meta.url).resolve('preact');
    const preactFile = join(preactMain.slice(0, preactMain.lastIndexOf('/dist/')), 'dist', 'preact.min.js');
    const sizes = {
      // What the kiosk loads before its first screen (app.js and its static chunks; the camera loads on demand).
      kioskJsGzipKb: await gzipKb(...(await initialScripts(uiDir, 'kiosk'))),
      adminJsGzipKb: await gzipKb(join(uiDir, 'admin', 'app.js')),
      boardJsGzipKb: await gzipKb(join(uiDir, 'board', 'app.js')),
    };
    const preactGzipKb = await gzipKb(preactFile);

    const page = await h.open('/kiosk/');
    await page.locator('.tile').first().waitFor();
    const guide: number[] = [];
    const ticket: number[] = [];
    for (let i = 0; i < TAPS; i++) {
      guide.push(await tapTo(page, '[data-testid="side-guide"]', '.side-screen'));
      await tapTo(page, '.back-button', '[data-testid="side-guide"]');
      ticket.push(await tapTo(page, '[data-service-id="consult"]', '[data-testid="ticket-number"]'));
      await tapTo(page, '[data-testid="ticket-done"]', '[data-testid="side-guide"]');
    }
    await page.close();

    const perLayout: Record<string, number> = {};
    const ratios: Record<string, number> = {};
    const bare4x = await bareTap(h);
    for (const layout of LAYOUTS) {
      const { guide: g, ticket: t } = await layoutTaps(h, layout);
      perLayout[`tapToGuideCpu4x_${layout.name}Ms`] = g;
      perLayout[`tapToTicketCpu4x_${layout.name}Ms`] = t;
      ratios[`tapToGuideCpu4x_${layout.name}VsBareTap`] = round(g / bare4x, 2);
    }

    const paints = { throttled: [] as number[], unthrottled: [] as number[], blank: [] as number[] };
    const blankUrl = `${h.url}/bench-blank.html`;
    for (let i = 0; i < PAINTS; i++) {
      for (const [kind, target, rate] of [
        ['throttled', `${h.url}/kiosk/`, 4],
        ['unthrottled', `${h.url}/kiosk/`, 1],
        ['blank', blankUrl, 4],
      ] as const) {
        const p = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
        await p.route(blankUrl, (route) =>
          route.fulfill({
            contentType: 'text/html; charset=utf-8',
            body: '<!doctype html><p>请选择办理业务</p>',
          }),
        );
        paints[kind].push(await firstPaint(p, target, rate));
        await p.close();
      }
    }
    const fcp4x = round(median(paints.throttled), 1);
    const fcp1x = round(median(paints.unthrottled), 1);
    const blank4x = round(median(paints.blank), 1);
    return {
      name: 'kiosk-ui',
      metrics: {
        ...sizes,
        tapToGuideMedianMs: round(median(guide), 1),
        tapToTicketMedianMs: round(median(ticket), 1),
        kioskFcpCpu4xMs: fcp4x,
        ...perLayout,
      },
      anchor: {
        preactGzipKb,
        kioskFcpCpu1xMs: fcp1x,
        blankPageFcpCpu4xMs: blank4x,
        bareTapCpu4xMs: bare4x,
      },
      ratio: {
        ...ratios,
        kioskJsVsPreact: round(sizes.kioskJsGzipKb / preactGzipKb, 2),
        fcp4xVsBlank4x: round(fcp4x / blank4x, 2),
        fcp4xVs1x: round(fcp4x / fcp1x, 2),
      },
      notes: `goal: kiosk JS < 50 KB gzip (${sizes.kioskJsGzipKb < 50 ? 'met' : 'NOT met'}); ${TAPS} taps each; ${PAINTS} paints each; tapToTicket includes the durable store write and the virtual printer; per layout: ${LAYOUT_TAPS} taps each at ${THROTTLE}× CPU (portrait/elderly/en 1080×1920, landscape 1920×1080), beside a bare page's tap at ${THROTTLE}×`,
    };
  } finally {
    await h.close();
  }
}
