/**
 * `git clone … && npm ci && npm start` on a fresh clone: the three screens answer 200 and render in
 * Chromium with nothing run first (no kiosk-ui/dist in the clone: `npm start` builds the screens);
 * the kiosk offers SMS after a ticket (the demo runs the notification service).
 * It says where to open them and stops cleanly on Ctrl-C; a second start on the same port or data
 * directory fails with one line saying what to do, exit 1.
 *
 * The clone is of this repository's HEAD: what is committed is what is tested. `npm ci` would
 * fetch from the registry; the clone links this tree's node_modules instead (same lockfile).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { TakeTicketResponse } from '../../contract/api.ts';
import { type ShequProcess, spawnProcess, spawnShequ } from '../support/shequ-process.ts';
import { launchChromium } from './browser.ts';

const source = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'shequ-fresh-clone-'));
const clone = join(dir, 'shequ');
const data = join(dir, 'sim');
let demo: ShequProcess;
let base: string;
let pairingLink: string;
let browser: Browser;

/** Every process below `pid`, with its command line. */
function descendants(pid: number): Array<{ pid: number; args: string }> {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .flatMap((m) => (m ? [{ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }] : []));
  const out: Array<{ pid: number; args: string }> = [];
  const walk = (parent: number) => {
    for (const r of rows.filter((row) => row.ppid === parent)) {
      out.push(r);
      walk(r.pid);
    }
  };
  walk(pid);
  return out;
}

before(async () => {
  execFileSync('git', ['clone', '--quiet', source, clone]);
  assert.equal(existsSync(join(clone, 'kiosk-ui', 'dist')), false, 'a fresh clone has no built screens');
  symlinkSync(join(source, 'node_modules'), join(clone, 'node_modules'), 'dir');
  demo = spawnProcess(
    'npm',
    ['start', '--', '--data', data, '--port', '0', '--mqtt-port', '0', '--printer-port', '0'],
    clone,
  );
  const line = await demo.waitForOutput(
    /pair the browser as the kiosk first \(once\): (http:\/\/127\.0\.0\.1:\d+)\/pair\?code=\S+/,
    120_000,
  );
  base = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
  pairingLink = /http:\/\/127\.0\.0\.1:\d+\/pair\?code=\S+/.exec(line)![0];
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await demo?.signal('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('npm start on a fresh clone builds and serves the three screens, which render in Chromium', async () => {
  assert.match(demo.output(), /building the screens \(not built yet\)/);
  assert.match(demo.output(), /Kiosk \(residents\):\s+http:\/\/127\.0\.0\.1:\d+\/kiosk\//);
  assert.match(demo.output(), /Admin \(staff\):\s+http:\/\/127\.0\.0\.1:\d+\/admin\//);
  assert.match(demo.output(), /Display board:\s+http:\/\/127\.0\.0\.1:\d+\/board\//);
  for (const app of ['kiosk', 'admin', 'board']) {
    const res = await fetch(`${base}/${app}/`);
    assert.equal(res.status, 200, `${app} page`);
    assert.match(await res.text(), /<html lang="zh-CN"/);
  }
  const page = await browser.newPage();
  // The link the banner prints pairs this browser as the demo's kiosk screen (one tap), then opens it.
  await page.goto(pairingLink);
  await page.getByRole('button', { name: /Pair/ }).click();
  await page.waitForURL(`${base}/kiosk/`, { timeout: 15_000 });
  const device = await page.evaluate(async () => (await fetch('/api/device')).status);
  assert.equal(device, 200, 'the browser that opened the link is a paired kiosk screen');
  await page.getByTestId('centre-name').filter({ hasText: '幸福' }).waitFor({ timeout: 15_000 });
  // The demo runs central's notification service: with the link up, a ticket with more than three
  // people ahead comes with the SMS offer.
  for (let i = 0; i < 4; i++)
    await fetch(`${base}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'elderly-care', withCard: false }),
    });
  await page.getByRole('button', { name: '养老服务' }).click();
  await page.getByTestId('ticket-number').waitFor({ timeout: 15_000 });
  await page.getByTestId('sms-offer').waitFor({ timeout: 15_000 });
  await page.goto(`${base}/admin/`);
  await page.locator('input[type="password"]').waitFor({ timeout: 15_000 });
  await page.goto(`${base}/board/`);
  await page.getByTestId('counter-cell').first().waitFor({ timeout: 15_000 });
  await page.close();

  const state = (await (await fetch(`${base}/api/state`)).json()) as { services: Array<{ name: string }> };
  assert.ok(state.services.some((s) => s.name === '社保卡办理'));
  const taken = await fetch(`${base}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'consult', withCard: false }),
  });
  assert.equal(taken.status, 201);
  const bad = await fetch(`${base}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'consult' }),
  });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: { message: string } }).error.message, /withCard/);

  // The central console beside it, on the demo kiosk's data: the ticket just taken reaches it.
  const central = /Central console:\s+(http:\/\/127\.0\.0\.1:\d+\/)\s+accounts: jiancha \/ (\S+?),/.exec(
    demo.output(),
  );
  assert.ok(central, demo.output());
  const login = await fetch(`${central[1]}api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'jiancha', password: central[2] }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { ticket } = (await taken.json()) as TakeTicketResponse;
  const { number } = ticket;
  let seen = false;
  for (let i = 0; i < 100 && !seen; i++) {
    const res = await fetch(`${central[1]}api/tickets`, { headers: { cookie } });
    seen = JSON.stringify(await res.json()).includes(number);
    if (!seen) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(seen, `ticket ${number} at central`);
});

test('a taken port and a data directory in use each give one line that says what to do, exit 1', async () => {
  const bin = join(clone, 'bin', 'shequ.mjs');
  const port = new URL(base).port;
  const expectOneLine = async (run: ShequProcess, what: RegExp) => {
    const code = await run.exited;
    assert.equal(code, 1, run.output());
    const lines = run.output().trim().split('\n');
    assert.equal(lines.length, 1, run.output());
    assert.match(lines[0]!, what);
    assert.doesNotMatch(run.output(), /^\s+at /m, 'no stack trace');
  };
  await expectOneLine(
    spawnShequ(['start', '--sim', '--data', join(dir, 'other'), '--port', port], { bin, cwd: clone }),
    new RegExp(`^shequ start: port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`),
  );
  await expectOneLine(
    spawnShequ(['start', '--sim', '--data', data, '--port', '0'], { bin, cwd: clone }),
    /^shequ start: the demo data directory in .* is in use by process \d+: stop that process first, or choose another --data directory$/,
  );
});

test('Ctrl-C stops it cleanly, socat and all', async () => {
  // The node process itself, not the `sh -c` npm runs it through.
  const shequ = descendants(demo.child.pid!).find(
    (p) => /(^|\/)node$/.test(p.args.split(' ')[0] ?? '') && p.args.includes('bin/shequ.mjs start --sim'),
  );
  assert.ok(shequ, 'npm start runs shequ start --sim');
  const socats = descendants(shequ.pid).filter((p) => /^socat\b/.test(p.args));
  assert.ok(socats.length >= 1, 'the simulated reader runs on a socat pty pair');
  process.kill(shequ.pid, 'SIGINT');
  const code = await demo.exited;
  assert.equal(code, 0, demo.output());
  assert.match(demo.output(), /stopped\./);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  assert.deepEqual(
    socats.filter((p) => alive(p.pid)),
    [],
    'no socat left behind',
  );
  assert.doesNotMatch(demo.output(), /^\s+at /m);
});
