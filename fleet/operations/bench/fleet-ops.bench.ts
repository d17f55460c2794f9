/**
 * Fleet operations at 1,000 kiosks (issue 16's measures). Each simulated kiosk is a real MQTT client
 * with the agent's retained birth, will and telemetry (every 30 s, the agent's default) on one
 * mosquitto with the production ACL and identity plugin; they run in a child process so this
 * process's CPU is the console's. Measured, each beside an anchor from the same run:
 *  - the fleet page's first load in Chromium until all 1,000 are counted and the first page of rows
 *    is drawn (the table draws 100 rows a page), against a bare MQTT.js
 *    client receiving every kiosk's retained status and telemetry (the floor of knowing the fleet);
 *  - a kiosk running out of paper or losing its link → the alert row on the open alerts page, against
 *    the same event reaching a bare MQTT.js subscriber;
 *  - broker and console CPU while idle, against the broker and a bare MQTT.js client subscribed to
 *    the same topics (parsing every message) before the console starts;
 *  - a rollout to 1,000 kiosks where 5% of them (50, all in the 100-kiosk canary wave) fail their
 *    health check: the time until it halts in that wave, against a bare MQTT.js loop publishing the
 *    same signed bundle to the canary's kiosks and waiting for all their reports.
 */
import { execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { chromium } from 'playwright-core';
import { median, percentile, round } from '../../../bench/types.ts';
import type { Rollout } from '../../../contract/central-fleet.ts';
import { topics } from '../../../contract/mqtt.ts';
import { simulationConfig } from '../../../firmware-config/sim-config.ts';
import { generateSigningKey, signBundle } from '../../../platform/bundle-signature.ts';
import { consoleLogin } from '../../../test/support/console-http.ts';
import { startFleetBroker } from '../../../test/support/fleet-broker.ts';
import { startPostgres } from '../../../test/support/postgres.ts';
import { startCentral } from '../../central/start.ts';
import { buildConsoleWeb } from '../../console-web/build.ts';
import { FLEET_PAGE_SIZE } from '../../console-web/ui/pages/fleet/format.ts';
import { openCentralDb } from '../../db/central-db.ts';
import { FLEET_SUBSCRIPTIONS, startFleetOperations } from '../service.ts';
import type { SimFleetReply, SimFleetRequest } from './sim-fleet-process.ts';

const KIOSKS = Number(process.env.SHEQU_BENCH_KIOSKS ?? 1000);
const SITES = 10;
const TELEMETRY_MS = 30_000;
const IDLE_WINDOW_MS = 20_000;
const LOADS = 5;
const ALERTS_EACH = 10;
const CANARY = Math.ceil(KIOSKS / 10);
const FAILING = Math.ceil(KIOSKS / 20);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

function cpuSecondsOf(pid: number): number {
  const fields = execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' })
    .split(') ')[1]!
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clkTck;
}

/** The mosquitto listening on this benchmark's port (other suites may run brokers beside it). */
function brokerPid(port: number): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const m = /pid=(\d+)/.exec(out);
  if (!m) throw new Error(`no process found listening on ${port}`);
  return Number(m[1]);
}

/** Percent of one core used by the broker and by this process over the window. */
async function idleCpu(pid: number): Promise<{ broker: number; self: number }> {
  const b0 = cpuSecondsOf(pid);
  const s0 = process.cpuUsage();
  await sleep(IDLE_WINDOW_MS);
  const s = process.cpuUsage(s0);
  const secs = IDLE_WINDOW_MS / 1000;
  return {
    broker: round(((cpuSecondsOf(pid) - b0) / secs) * 100, 2),
    self: round(((s.user + s.system) / 1e6 / secs) * 100, 2),
  };
}

const kioskIds = Array.from(
  { length: KIOSKS },
  (_, i) =>
    `site-${String(i % SITES).padStart(2, '0')}-${String(Math.floor(i / SITES) + 1).padStart(3, '0')}`,
).sort();
const siteIds = [...new Set(kioskIds.map((id) => id.replace(/-\d+$/, '')))];

export async function bench() {
  const webDir = await mkdtemp(join(tmpdir(), 'shequ-bench-fleetops-web-'));
  const [pg, broker] = await Promise.all([
    startPostgres(),
    startFleetBroker([...kioskIds, 'svc-console']),
    buildConsoleWeb(webDir),
  ]);
  const pid = brokerPid(broker.port);
  const { signing, trusted } = generateSigningKey();
  const sim = fork(join(import.meta.dirname, 'sim-fleet-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = async (req: SimFleetRequest): Promise<SimFleetReply> => {
    const answer = once(sim, 'message') as Promise<[SimFleetReply]>;
    sim.send(req);
    return (await answer)[0];
  };
  const cleanup: Array<() => Promise<unknown>> = [];
  try {
    await ask({
      op: 'start',
      ids: kioskIds,
      urls: kioskIds.map((id) => broker.urlFor(id)),
      password: broker.password,
      trusted,
      telemetryMs: TELEMETRY_MS,
    });

    // Anchor for the idle CPU: a bare client on the console's subscriptions, parsing every message.
    const bare = await mqtt.connectAsync(broker.urlFor('svc-console'), {
      clientId: 'svc-console.bench-bare',
      protocolVersion: 5,
    });
    let bareMessages = 0;
    bare.on('message', (_t, payload) => {
      if (payload.length) JSON.parse(payload.toString('utf8'));
      bareMessages++;
    });
    await bare.subscribeAsync(FLEET_SUBSCRIPTIONS, { qos: 1 });
    await sleep(2000);
    const bareIdle = await idleCpu(pid);
    await bare.endAsync();

    // Anchor for the first load: every retained status and telemetry reaching a bare client.
    const retainedMs: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const t0 = performance.now();
      const c = await mqtt.connectAsync(broker.urlFor('svc-console'), {
        clientId: `svc-console.bench-load-${i}`,
        protocolVersion: 5,
      });
      let n = 0;
      const all = new Promise<void>((resolve) =>
        c.on('message', () => {
          if (++n === KIOSKS * 2) resolve();
        }),
      );
      await c.subscribeAsync([topics.allStatus, topics.allTelemetry], { qos: 1 });
      await all;
      retainedMs.push(performance.now() - t0);
      await c.endAsync();
    }

    const db = await openCentralDb(pg.url);
    cleanup.push(() => db.close());
    const fleet = await startFleetOperations({
      db,
      broker: { url: broker.urlFor('svc-console') },
      signingKey: signing,
      // Offline alerts the moment the link is lost, so the time measured is the pipeline's.
      alerts: { offlineMinutes: 0 },
    });
    cleanup.unshift(() => fleet.close());
    await fleet.ready;
    const central = await startCentral({ db, demoAccounts: true, webDir, modules: [fleet.module] });
    cleanup.unshift(() => central.close());
    const end = Date.now() + 60_000;
    while ([...fleet.state.kiosks.values()].filter((k) => k.telemetry).length < KIOSKS) {
      if (Date.now() > end) throw new Error('the console did not learn every kiosk in 60 s');
      await sleep(100);
    }

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    cleanup.unshift(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1500, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(central.url);
    await page.fill('input[name=username]', 'yunwei');
    await page.fill('input[name=password]', 'demo-yunwei-1');
    await page.click('button[type=submit]');
    await page.getByTestId('who').waitFor();
    const loadMs: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      await page.goto('about:blank');
      const t0 = performance.now();
      await page.goto(`${central.url}#/fleet`);
      // Loaded: every kiosk counted in the totals and the table's first page drawn.
      await page.waitForFunction(
        ([n, firstPage]) =>
          document.querySelector('[data-testid=fleet-totals]')?.textContent?.includes(` ${n} `) &&
          document.querySelectorAll('[data-testid=fleet-table] tbody tr').length >= firstPage,
        [KIOSKS, Math.min(KIOSKS, FLEET_PAGE_SIZE)] as const,
        { timeout: 30_000, polling: 'raf' },
      );
      loadMs.push(performance.now() - t0);
    }

    // Idle with one fleet page open on the live stream.
    await sleep(2000);
    const consoleIdle = await idleCpu(pid);

    // Alerts: paper out, then lost links, one kiosk at a time, each watched on the alerts page and by a bare subscriber.
    await page.goto(`${central.url}#/fleet-alerts`);
    await page.getByTestId('alerts-table').or(page.getByTestId('alerts-empty')).waitFor();
    const watcher = await mqtt.connectAsync(broker.urlFor('svc-console'), {
      clientId: 'svc-console.bench-watch',
      protocolVersion: 5,
    });
    await watcher.subscribeAsync([topics.allStatus, topics.allTelemetry], { qos: 0 });
    const alertMs: number[] = [];
    const bareMs: number[] = [];
    const cases = [
      ...kioskIds.slice(-ALERTS_EACH).map((id) => ({ id, op: 'paper-out' as const, rule: 'paper' })),
      ...kioskIds
        .slice(-2 * ALERTS_EACH, -ALERTS_EACH)
        .map((id) => ({ id, op: 'crash' as const, rule: 'offline' })),
    ];
    for (const c of cases) {
      const t0 = performance.now();
      const seen = new Promise<number>((resolve) => {
        const on = (topic: string) => {
          if (topic.split('/')[2] === c.id) {
            watcher.off('message', on);
            resolve(performance.now());
          }
        };
        watcher.on('message', on);
      });
      const onPage = page
        .locator(`[data-testid="alert-${c.id}-${c.rule}"]`)
        .waitFor({ timeout: 30_000 })
        .then(() => performance.now());
      await ask({ op: c.op, id: c.id });
      const [tBare, tPage] = await Promise.all([seen, onPage]);
      bareMs.push(tBare - t0);
      alertMs.push(tPage - t0);
    }
    await watcher.endAsync();
    await context.close();

    // The rollout: 50 of the canary's 100 kiosks fail their health check and roll back.
    const failing = kioskIds
      .slice(0, CANARY)
      .filter((_, i) => i % 2 === 0)
      .slice(0, FAILING);
    await ask({ op: 'roll-back', ids: failing });
    const op = await consoleLogin(central.url, 'yunwei', 'demo-yunwei-1');
    const t0 = performance.now();
    const started = await op.post<Rollout>('/api/fleet/rollouts', {
      sites: siteIds,
      config: simulationConfig(),
      canaryCount: CANARY,
      sharePercent: 25,
      failureThreshold: 0.1,
      waveTimeoutSec: 120,
    });
    if (started.status !== 200 && started.status !== 201)
      throw new Error(`rollout refused: ${started.status} ${JSON.stringify(started.body)}`);
    let rollout: Rollout;
    for (;;) {
      rollout = (await op.get<Rollout>(`/api/fleet/rollouts/${started.body.id}`)).body;
      if (rollout.state !== 'running') break;
      if (performance.now() - t0 > 180_000)
        throw new Error('the rollout neither halted nor finished in 180 s');
      await sleep(50);
    }
    const haltMs = performance.now() - t0;
    if (rollout.state !== 'halted' || rollout.currentWave !== 0)
      throw new Error(
        `expected a halt in the canary wave, got ${rollout.state} in wave ${rollout.currentWave}`,
      );
    const stats = await ask({ op: 'stats' });
    const beyondCanary =
      stats.op === 'stats' ? kioskIds.slice(CANARY).filter((id) => stats.desiredReceived[id]).length : -1;
    if (beyondCanary !== 0) throw new Error(`${beyondCanary} kiosks outside the canary received the bundle`);

    // Anchor: the same kind of signed bundle to the canary's kiosks by a bare loop, waiting for every report.
    const loop = await mqtt.connectAsync(broker.urlFor('svc-console'), {
      clientId: 'svc-console.bench-loop',
      protocolVersion: 5,
    });
    const version = rollout.version + 1000;
    const canary = kioskIds.slice(0, CANARY);
    const reported = new Set<string>();
    const allReported = new Promise<void>((resolve) =>
      loop.on('message', (topic, payload) => {
        const r = JSON.parse(payload.toString('utf8')) as { bundleVersion?: number };
        if (r.bundleVersion === version) reported.add(topic.split('/')[2]!);
        if (reported.size === canary.length) resolve();
      }),
    );
    await loop.subscribeAsync('v1/kiosks/+/config/reported', { qos: 1 });
    const l0 = performance.now();
    for (const id of canary) {
      const now = Date.now();
      const bundle = signBundle(
        { kiosk: id, version, issuedAt: now, expiresAt: now + 86_400_000, config: simulationConfig() },
        signing,
      );
      await loop.publishAsync(topics.configDesired(id), JSON.stringify(bundle), { qos: 1, retain: true });
    }
    await allReported;
    const loopMs = performance.now() - l0;
    await loop.endAsync();

    const firstLoad = round(median(loadMs), 1);
    const retained = round(median(retainedMs), 1);
    const alertP95 = round(percentile(alertMs, 95), 1);
    const bareP95 = round(percentile(bareMs, 95), 1);
    return {
      name: 'fleet-ops',
      metrics: {
        kiosks: KIOSKS,
        first_load_ms_median: firstLoad,
        first_load_ms_max: round(Math.max(...loadMs), 1),
        alert_on_page_ms_p95: alertP95,
        alert_on_page_ms_median: round(median(alertMs), 1),
        broker_cpu_idle_percent: consoleIdle.broker,
        console_cpu_idle_percent: consoleIdle.self,
        rollout_halt_ms: round(haltMs, 0),
      },
      anchor: {
        kiosks: KIOSKS,
        first_load_ms_median: retained,
        alert_on_page_ms_p95: bareP95,
        broker_cpu_idle_percent: bareIdle.broker,
        console_cpu_idle_percent: bareIdle.self,
        rollout_halt_ms: round(loopMs, 0),
      },
      ratio: {
        first_load_ms_median: round(firstLoad / retained, 2),
        alert_on_page_ms_p95: round(alertP95 / Math.max(bareP95, 0.1), 1),
        broker_cpu_idle_percent: round(consoleIdle.broker / Math.max(bareIdle.broker, 0.01), 2),
        console_cpu_idle_percent: round(consoleIdle.self / Math.max(bareIdle.self, 0.01), 2),
        rollout_halt_ms: round(haltMs / loopMs, 2),
      },
      notes:
        `${KIOSKS} kiosks over ${SITES} sites, telemetry every ${TELEMETRY_MS / 1000} s, in a child process; ` +
        `first load: Chromium from navigation until all ${KIOSKS} are counted on the page and its first ${Math.min(KIOSKS, FLEET_PAGE_SIZE)} rows drawn (${LOADS} loads, logged in) vs a bare MQTT.js client receiving every retained status and telemetry; ` +
        `alert: ${ALERTS_EACH} paper-out and ${ALERTS_EACH} lost links, each until its row is on the open alerts page (offline rule at 0 min) vs the event reaching a bare subscriber; ` +
        `idle CPU over ${IDLE_WINDOW_MS / 1000} s with one fleet page open (this process: console + PostgreSQL client; PostgreSQL itself not counted) vs a bare client on the same subscriptions (${bareMessages} messages); ` +
        `rollout: canary ${CANARY}, share 25%, threshold 10%, ${failing.length} canary kiosks roll back; halted in wave ${rollout.currentWave + 1} after ${rollout.waves[0]?.failed ?? '?'} failures, no kiosk beyond the canary received the bundle; anchor: a bare loop publishing a signed bundle to the ${CANARY} canary kiosks until all reported.`,
    };
  } finally {
    for (const c of cleanup) await c().catch(() => {});
    sim.disconnect();
    await Promise.all([broker.close(), pg.stop()]);
    await rm(webDir, { recursive: true, force: true });
  }
}
