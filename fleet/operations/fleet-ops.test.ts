/**
 * Fleet operations end to end, in Chromium against PostgreSQL and mosquitto with the production ACL
 * and identity plugin: simulated kiosks are real MQTT clients speaking the agent's contract; the
 * console's fleet module subscribes as the svc-console service identity. Roles, the live page,
 * alerts (raised, acknowledged, cleared; the clean-shutdown exception), a site command with
 * per-kiosk results, masked logs, a rollout that halts on failures and is rolled back, a console
 * restart mid-rollout, enrolment approval, certificate revocation and the audit trail.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { CommandBatch, FleetAlert, FleetKiosk, Rollout } from '../../contract/central-fleet.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import { x509 } from '../../platform/pki/x509.ts';
import { type ConsoleSession, consoleLogin } from '../../test/support/console-http.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { SimFleetKiosk, startSimKiosks } from '../../test/support/sim-fleet-kiosk.ts';
import { type RunningCentral, startCentral } from '../central/start.ts';
import { buildConsoleWeb } from '../console-web/build.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { initCentralPki, loadPair, pkiPaths } from '../enroll/central-pki.ts';
import { ClaimStore, hashClaimCode } from '../enroll/claims.ts';
import { issueWithNewKey } from '../enroll/pki.ts';
import { EnrolmentRegistry } from '../enroll/registry.ts';
import type { NotifyEvent } from '../notify/events.ts';
import { crlPath } from './revocation.ts';
import { type FleetOperations, startFleetOperations } from './service.ts';

const SITE_A = ['site-a-001', 'site-a-002', 'site-a-003', 'site-a-004'];
const SITE_B = ['site-b-001', 'site-b-002'];
/** An ID number (check digit valid, generated) that a log line must never carry to central unmasked. */
const TEST_ID_NUMBER = '11010519491231002X';

const until = async <T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  ms = 10_000,
): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('fleet operations in Chromium, PostgreSQL and mosquitto with the production ACL', () => {
  let pg: PostgresServer;
  let broker: FleetBroker;
  let db: CentralDb;
  let fleet: FleetOperations;
  let central: RunningCentral;
  let browser: Browser;
  let webDir: string;
  let dataDir: string;
  let op: ConsoleSession;
  const notified: NotifyEvent[] = [];
  const { signing, trusted } = generateSigningKey();
  const kiosks = new Map<string, SimFleetKiosk>();
  const kiosk = (id: string) => kiosks.get(id)!;

  const fleetOptions = () => ({
    db,
    broker: { url: broker.urlFor('svc-console') },
    dataDir,
    signingKey: signing,
    // Offline alerts at once; site-a always open, site-b never (so a clean shutdown there is closing time).
    alerts: { offlineMinutes: 0, noHeartbeatMinutes: null, versionDrift: false },
    openingHours: {
      sites: {
        'site-a': {
          timeZone: 'Asia/Shanghai',
          windows: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }],
        },
        'site-b': { timeZone: 'Asia/Shanghai', windows: [] },
      },
    },
    notifier: { notifyOn: async (e: NotifyEvent) => void notified.push(e) },
    tickMs: 250,
    rolloutTickMs: 250,
  });

  async function loginAs(
    username: string,
    password: string,
    path = '#/fleet',
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: 1500, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(central.url);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.getByTestId('who').waitFor();
    await page.goto(`${central.url}${path}`);
    return { context, page };
  }

  before(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'shequ-fleetops-web-'));
    dataDir = await mkdtemp(join(tmpdir(), 'shequ-fleetops-data-'));
    [pg, broker] = await Promise.all([
      startPostgres(),
      startFleetBroker([...SITE_A, ...SITE_B, 'svc-console']),
      buildConsoleWeb(webDir),
      initCentralPki(dataDir, { batch: 'b1', brokerHosts: ['127.0.0.1'] }),
    ]).then(([p, b]) => [p, b] as const);
    for (const id of [...SITE_A, ...SITE_B]) {
      kiosks.set(
        id,
        new SimFleetKiosk({
          brokerUrl: broker.urlFor(id),
          kioskId: id,
          site: id.slice(0, 6),
          trustedKeys: [trusted],
          logLines: [
            { ts: Date.now(), level: 'info', source: 'queue', msg: 'ticket A001 issued' },
            {
              ts: Date.now(),
              level: 'warn',
              source: 'reader',
              msg: `card read for ${TEST_ID_NUMBER}, phone 13812345678`,
            },
          ],
        }),
      );
    }
    await startSimKiosks([...kiosks.values()]);
    db = await openCentralDb(pg.url);
    fleet = await startFleetOperations(fleetOptions());
    await fleet.ready;
    central = await startCentral({ db, demoAccounts: true, webDir, modules: [fleet.module] });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
    op = await consoleLogin(central.url, 'yunwei', 'demo-yunwei-1');
    await until(
      'every kiosk known',
      async () => fleet.state.kiosks.size === 6 && [...fleet.state.kiosks.values()].every((k) => k.telemetry),
    );
  });

  after(async () => {
    await browser?.close();
    await central?.close();
    await fleet?.close();
    for (const k of kiosks.values()) k.crash();
    await db?.close();
    await Promise.all([broker?.close(), pg?.stop()]);
    await rm(webDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  test('a 领导 viewer sees the fleet but cannot act; a 监察 supervisor does not see it', async () => {
    const viewer = await consoleLogin(central.url, 'lingdao', 'demo-lingdao-1');
    assert.equal((await viewer.get('/api/fleet/kiosks')).status, 200);
    const denied = await viewer.post('/api/fleet/commands', { name: 'print-test', site: 'site-a' });
    assert.equal(denied.status, 403);
    assert.equal(kiosk('site-a-001').commands.length, 0, 'nothing reached a kiosk');
    const supervisor = await consoleLogin(central.url, 'jiancha', 'demo-jiancha-1');
    assert.equal((await supervisor.get('/api/fleet/kiosks')).status, 403);
    assert.equal((await supervisor.get('/api/fleet/stream')).status, 403);

    const { context, page } = await loginAs('lingdao', 'demo-lingdao-1');
    try {
      await page.getByTestId('kiosk-site-a-001').waitFor();
      assert.equal(await page.getByTestId('selection-command').count(), 0, 'no command form for a viewer');
      await page.goto(`${central.url}#/fleet-kiosk?id=site-a-001`);
      await page.getByTestId('kiosk-facts').waitFor();
      assert.equal(await page.getByTestId('kiosk-command').count(), 0);
    } finally {
      await context.close();
    }
    const s = await loginAs('jiancha', 'demo-jiancha-1', '#/today');
    try {
      const nav = (await s.page.locator('header nav').textContent()) ?? '';
      assert.doesNotMatch(nav, /终端运维|告警|配置发布/);
    } finally {
      await s.context.close();
    }
  });

  test('the fleet page shows every kiosk and a printer running out of paper within 5 s, without a reload; the alert is raised, acknowledged and cleared', async () => {
    const { context, page } = await loginAs('yunwei', 'demo-yunwei-1');
    try {
      await page.getByTestId('live').filter({ hasText: '实时' }).waitFor();
      assert.equal(await page.locator('[data-testid^=kiosk-site-]').count(), 6);
      const row = page.getByTestId('kiosk-site-a-002');
      assert.equal(await row.getAttribute('data-faults'), '');
      await page.evaluate(() => {
        (window as unknown as { marker: number }).marker = 42;
      });
      await kiosk('site-a-002').publishTelemetry({ printer: { state: 'fault', detail: '缺纸 paper out' } });
      await page.waitForFunction(
        () =>
          document
            .querySelector('[data-testid=kiosk-site-a-002]')
            ?.getAttribute('data-faults')
            ?.includes('printer.paper-out'),
        undefined,
        { timeout: 5000 },
      );
      assert.equal(
        await page.evaluate(() => (window as unknown as { marker?: number }).marker),
        42,
        'the page was not reloaded',
      );
      await row.getByText('告警 1').waitFor({ timeout: 5000 });

      const alerts = await until('the paper alert', async () => {
        const r = await op.get<{ rows: FleetAlert[] }>('/api/fleet/alerts?state=open');
        return r.body.rows.find((a) => a.kioskId === 'site-a-002' && a.rule === 'paper');
      });
      assert.match(alerts.summary, /缺纸/);
      assert.ok(
        notified.some(
          (e) => e.kind === 'fleet.alert' && e.kioskId === 'site-a-002' && e.alertId === String(alerts.id),
        ),
      );
      // Raised once: more telemetry with the same fault raises nothing new.
      await kiosk('site-a-002').publishTelemetry();
      await new Promise((r) => setTimeout(r, 600));
      const again = await op.get<{ rows: FleetAlert[] }>('/api/fleet/alerts?state=all&kiosk=site-a-002');
      assert.equal(again.body.rows.filter((a) => a.rule === 'paper').length, 1);

      await page.goto(`${central.url}#/fleet-alerts`);
      const alertRow = page.getByTestId('alert-site-a-002-paper');
      await alertRow.locator('input[name=note]').fill('已通知中心补纸');
      await alertRow.getByRole('button').click();
      await alertRow.getByTestId('ack').getByText('yunwei').waitFor();

      await kiosk('site-a-002').publishTelemetry({ printer: { state: 'ok' } });
      await page.waitForFunction(
        () => document.querySelector('[data-testid=alert-site-a-002-paper]') === null,
        undefined,
        { timeout: 5000 },
      );
      const [stored] = (await op.get<{ rows: FleetAlert[] }>('/api/fleet/alerts?state=all&kiosk=site-a-002'))
        .body.rows;
      assert.ok(stored?.clearedAt && stored.ackedBy === 'yunwei' && stored.note === '已通知中心补纸');
    } finally {
      await context.close();
    }
  });

  test('offline after a clean shutdown outside opening hours is no alert; inside them it is, and so is a lost connection', async () => {
    await kiosk('site-b-001').shutdown(); // site-b is closed
    await kiosk('site-a-004').shutdown(); // site-a is open
    kiosk('site-b-002').crash(); // the broker sends its will
    const open = await until('offline alerts for site-a-004 and site-b-002', async () => {
      const rows = (await op.get<{ rows: FleetAlert[] }>('/api/fleet/alerts?state=open')).body.rows.filter(
        (a) => a.rule === 'offline',
      );
      return rows.some((a) => a.kioskId === 'site-a-004') && rows.some((a) => a.kioskId === 'site-b-002')
        ? rows
        : null;
    });
    await new Promise((r) => setTimeout(r, 800)); // several evaluation ticks
    const rows = (await op.get<{ rows: FleetAlert[] }>('/api/fleet/alerts?state=open')).body.rows;
    assert.equal(
      rows.filter((a) => a.kioskId === 'site-b-001').length,
      0,
      'a clean shutdown at closing time is not an alert',
    );
    assert.match(open.find((a) => a.kioskId === 'site-a-004')!.summary, /开放时间/);
    const list = (await op.get<{ rows: FleetKiosk[] }>('/api/fleet/kiosks?site=site-b')).body.rows;
    assert.deepEqual(
      list.map((k) => [k.kioskId, k.state, k.reason, k.disconnects24h]),
      [
        ['site-b-001', 'offline', 'shutdown', 1],
        ['site-b-002', 'offline', 'connection lost', 1],
      ],
    );
    // Back online: the alert clears.
    await kiosk('site-b-002').start();
    await until('the offline alert of site-b-002 to clear', async () => {
      const r = (await op.get<{ rows: FleetAlert[] }>('/api/fleet/alerts?state=all&kiosk=site-b-002')).body
        .rows;
      return r.length === 1 && r[0]!.clearedAt !== null;
    });
  });

  test('a site command from the page: per-kiosk results and a summary; collected logs download masked', async () => {
    const { context, page } = await loginAs('yunwei', 'demo-yunwei-1', '#/fleet?site=site-a');
    try {
      const form = page.getByTestId('site-command');
      await form.locator('select[name=command]').selectOption('print-test');
      await form.getByRole('button').click();
      const summary = form.getByTestId('batch-summary');
      await form.getByTestId('sum-pending').filter({ hasText: /^0$/ }).waitFor({ timeout: 10_000 });
      assert.equal(await form.getByTestId('sum-succeeded').textContent(), '3');
      assert.equal(await form.getByTestId('sum-not-sent').textContent(), '1', 'site-a-004 is shut down');
      assert.equal(await form.getByTestId('cmd-site-a-004').getAttribute('data-state'), 'not-sent');
      assert.match((await summary.textContent()) ?? '', /site-a/);
      for (const id of ['site-a-001', 'site-a-002', 'site-a-003'])
        assert.equal(kiosk(id).commands.filter((c) => c.name === 'print-test').length, 1);

      await page.goto(`${central.url}#/fleet-kiosk?id=site-a-001`);
      const one = page.getByTestId('kiosk-command');
      await one.locator('select[name=command]').selectOption('collect-logs');
      await one.getByRole('button').click();
      await one
        .getByTestId('cmd-site-a-001')
        .and(page.locator('[data-state=succeeded]'))
        .waitFor({ timeout: 10_000 });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        one.getByTestId('logs-download').click(),
      ]);
      const text = await readFile((await download.path())!, 'utf8');
      assert.match(text, /ticket A001 issued/);
      assert.doesNotMatch(text, new RegExp(TEST_ID_NUMBER), 'the ID number is masked');
      assert.doesNotMatch(text, /13812345678/, 'the phone number is masked');
      assert.match(text, /110\*+002X/);
      const stored = await db.query<{ result: unknown }>(
        `SELECT result FROM fleet_commands WHERE name = 'collect-logs'`,
      );
      assert.doesNotMatch(
        JSON.stringify(stored),
        new RegExp(TEST_ID_NUMBER),
        'not even the database holds it',
      );
    } finally {
      await context.close();
    }
  });

  test('a rollout goes out in waves; one that fails in its canary wave halts there and rolls back to the last good version', async () => {
    await kiosk('site-a-004').start();
    const good = simulationConfig({
      centre: { name: '幸福街道社区服务中心', nameEn: 'Xingfu', timeZone: 'Asia/Shanghai' },
    });
    const first = await op.post<Rollout>('/api/fleet/rollouts', {
      sites: ['site-a'],
      config: good,
      canaryCount: 1,
      sharePercent: 50,
      waveTimeoutSec: 20,
      failureThreshold: 0.25,
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(
      first.body.waves.map((w) => [w.name, w.size]),
      [
        ['canary', 1],
        ['share', 1],
        ['rest', 2],
      ],
    );
    const done = await until('the first rollout to complete', async () => {
      const r = (await op.get<Rollout>(`/api/fleet/rollouts/${first.body.id}`)).body;
      return r.state === 'completed' ? r : null;
    });
    for (const id of SITE_A) assert.equal(kiosk(id).applied, done.version);

    kiosk('site-a-001').bundles = 'roll-back';
    const bad = { ...good, queue: { elderlyAge: 70, priorityRatio: 3 } };
    const { context, page } = await loginAs('yunwei', 'demo-yunwei-1', '#/fleet-rollouts');
    try {
      const form = page.getByTestId('rollout-form');
      await form.locator('input[name=sites]').fill('site-a');
      await form.locator('input[name=canary]').fill('2');
      await form.locator('input[name=threshold]').fill('25');
      await form.locator('input[name=timeout]').fill('20');
      await form.locator('textarea[name=config]').fill(JSON.stringify(bad));
      await form.getByRole('button').click();
      const detail = page.getByTestId('rollout-detail');
      await page.getByTestId('rollout-state').filter({ hasText: '已暂停' }).waitFor({ timeout: 10_000 });
      assert.match(
        (await page.getByTestId('halt-reason').textContent()) ?? '',
        /wave 1 \(canary\): 1 of 2 failed/,
      );
      assert.equal(await page.getByTestId('rk-site-a-001').getAttribute('data-state'), 'rolled-back');
      assert.equal(await page.getByTestId('rk-site-a-002').getAttribute('data-state'), 'applied');
      assert.equal(
        await page.getByTestId('rk-site-a-003').getAttribute('data-state'),
        'waiting',
        'the next waves never went out',
      );
      const id = Number(
        await detail
          .locator('h1')
          .textContent()
          .then((t) => /#(\d+)/.exec(t ?? '')![1]),
      );
      const halted = (await op.get<Rollout>(`/api/fleet/rollouts/${id}`)).body;
      assert.equal(kiosk('site-a-003').applied, done.version, 'site-a-003 kept the good version');
      assert.equal(kiosk('site-a-002').applied, halted.version);

      kiosk('site-a-001').bundles = 'apply';
      await page.getByTestId('rollback').click();
      await page.getByTestId('rollout-state').filter({ hasText: '已回滚' }).waitFor({ timeout: 10_000 });
      const after = (await op.get<Rollout>(`/api/fleet/rollouts/${id}`)).body;
      assert.ok(after.rollbackVersion && after.rollbackVersion > halted.version);
      for (const k of ['site-a-001', 'site-a-002']) {
        assert.equal(kiosk(k).applied, after.rollbackVersion, `${k} runs the re-signed last good version`);
        assert.equal(await page.getByTestId(`rk-${k}`).getAttribute('data-state'), 'reverted');
      }
      assert.equal(
        kiosk('site-a-003').applied,
        done.version,
        'a kiosk the rollout never reached is left alone',
      );
    } finally {
      await context.close();
    }
  });

  test('a console restarted mid-rollout picks the rollout up from PostgreSQL and finishes it', async () => {
    kiosk('site-a-003').bundles = 'ignore';
    const cfg = simulationConfig({ queue: { elderlyAge: 66, priorityRatio: 2, maxRequeues: 1 } });
    const r = await op.post<Rollout>('/api/fleet/rollouts', {
      kiosks: ['site-a-002', 'site-a-003'],
      config: cfg,
      canaryCount: 1,
      waveTimeoutSec: 120,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await until('the second wave to be sent', async () => {
      const x = (await op.get<Rollout>(`/api/fleet/rollouts/${r.body.id}`)).body;
      return x.kiosks?.find((k) => k.kioskId === 'site-a-003')?.state === 'sent';
    });
    await central.close();
    await fleet.close();
    fleet = await startFleetOperations(fleetOptions());
    await fleet.ready;
    central = await startCentral({ db, webDir, modules: [fleet.module] });
    op = await consoleLogin(central.url, 'yunwei', 'demo-yunwei-1');
    // The kiosk comes back and applies the retained bundle: the new console sees the report.
    kiosk('site-a-003').bundles = 'apply';
    kiosk('site-a-003').crash();
    await kiosk('site-a-003').start();
    const finished = await until('the resumed rollout to complete', async () => {
      const x = (await op.get<Rollout>(`/api/fleet/rollouts/${r.body.id}`)).body;
      return x.state === 'completed' ? x : null;
    });
    assert.equal(kiosk('site-a-003').applied, finished.version);
  });

  test('an operator halts a running rollout with one click on its page, and resumes it there', async () => {
    kiosk('site-a-004').bundles = 'ignore';
    const cfg = simulationConfig({ queue: { elderlyAge: 67, priorityRatio: 2, maxRequeues: 1 } });
    const r = await op.post<Rollout>('/api/fleet/rollouts', {
      kiosks: ['site-a-004', 'site-a-002'],
      canary: ['site-a-004'],
      config: cfg,
      waveTimeoutSec: 120,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const { context, page } = await loginAs('yunwei', 'demo-yunwei-1', `#/fleet-rollouts?id=${r.body.id}`);
    try {
      await page.getByTestId('rk-site-a-004').and(page.locator('[data-state=sent]')).waitFor();
      await page.getByTestId('halt').click();
      await page.getByTestId('rollout-state').filter({ hasText: '已暂停' }).waitFor({ timeout: 5000 });
      assert.equal(await page.getByTestId('halt-reason').textContent(), 'halted by yunwei');
      assert.equal(await page.getByTestId('halt').count(), 0, 'no halt button on a halted rollout');
      const halted = (await op.get<Rollout>(`/api/fleet/rollouts/${r.body.id}`)).body;
      assert.equal(halted.state, 'halted');
      assert.equal(
        halted.kiosks?.find((k) => k.kioskId === 'site-a-002')?.state,
        'waiting',
        'the next wave never went out',
      );

      kiosk('site-a-004').bundles = 'apply';
      kiosk('site-a-004').crash();
      await kiosk('site-a-004').start();
      await page.getByTestId('resume').click();
      await page.getByTestId('rollout-state').filter({ hasText: '已完成' }).waitFor({ timeout: 10_000 });
      for (const k of ['site-a-004', 'site-a-002']) assert.equal(kiosk(k).applied, halted.version);
    } finally {
      await context.close();
    }
    const admin = await consoleLogin(central.url, 'admin', 'demo-admin-123');
    const audit = await admin.get<{ rows: Array<{ actor: string; action: string; target: string | null }> }>(
      '/api/audit?action=fleet.rollout.&limit=50',
    );
    for (const action of ['fleet.rollout.halt', 'fleet.rollout.resume'])
      assert.ok(
        audit.body.rows.some(
          (x) => x.action === action && x.actor === 'yunwei' && x.target === `rollout ${r.body.id}`,
        ),
        `audited: ${action}`,
      );
  });

  test('enrolment approval and certificate revocation from the console; every act is in the searchable, exportable audit log', async () => {
    const registry = new EnrolmentRegistry(dataDir);
    await registry.putPending({
      serial: 'SN-0042',
      siteId: 'site-c',
      claimHash: 'x',
      requestedAt: Date.now(),
      approvedAt: null,
      approvedBy: null,
    });
    const ca = await loadPair(pkiPaths(dataDir).deviceCa);
    const cert = await issueWithNewKey(ca, {
      cn: 'site-a-003',
      usage: 'client',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const claims = new ClaimStore(dataDir);
    const code = await claims.issue({
      siteId: 'site-a',
      kioskId: 'site-a-003',
      requireApproval: false,
      createdAt: Date.now(),
      expiresAt: Date.now() + 86_400_000,
    });
    await claims.bind(hashClaimCode(code), 'SN-0003');
    await claims.use(hashClaimCode(code), {
      serial: 'SN-0003',
      kioskId: 'site-a-003',
      usedAt: Date.now(),
      publicKeyId: 'k',
      certificate: cert.certPem,
    });

    const { context, page } = await loginAs('yunwei', 'demo-yunwei-1', '#/fleet-enrol');
    try {
      await page.getByTestId('pending-SN-0042').getByRole('button').click();
      await page.getByTestId('pending-SN-0042').getByText('yunwei').waitFor();
      assert.equal((await registry.getPending('SN-0042'))?.approvedBy, 'yunwei');
      await page.goto(`${central.url}#/fleet-kiosk?id=site-a-003`);
      await page.locator('input[name=reason]').fill('设备丢失');
      await page.getByRole('button', { name: '吊销' }).click();
      await page.getByTestId('revoke-result').waitFor();
    } finally {
      await context.close();
    }
    const crl = new x509.X509Crl(await readFile(crlPath(dataDir), 'utf8'));
    const serial = new x509.X509Certificate(cert.certPem).serialNumber;
    assert.ok(
      crl.entries.some((e) => e.serialNumber === serial),
      'the CRL lists the revoked certificate',
    );

    const admin = await consoleLogin(central.url, 'admin', 'demo-admin-123');
    const audit = await admin.get<{
      rows: Array<{ actor: string; action: string; result: string; target: string | null }>;
    }>('/api/audit?action=fleet.&limit=200');
    const acts = new Set(
      audit.body.rows.filter((r) => r.actor === 'yunwei' && r.result === 'ok').map((r) => r.action),
    );
    for (const a of [
      'fleet.command',
      'fleet.alert.ack',
      'fleet.rollout.start',
      'fleet.rollout.rollback',
      'fleet.enrol.approve',
      'fleet.cert.revoke',
    ])
      assert.ok(acts.has(a), `audited: ${a}`);
    assert.ok(
      audit.body.rows.some((r) => r.action === 'fleet.command.result' && r.actor === 'yunwei'),
      'command results audited',
    );
    assert.ok(audit.body.rows.some((r) => r.action === 'fleet.rollout.halted' && r.result === 'failed'));
    const denied = await admin.get<{ rows: Array<{ actor: string; result: string }> }>(
      '/api/audit?action=fleet.command&result=denied',
    );
    assert.ok(
      denied.body.rows.some((r) => r.actor === 'lingdao'),
      'the viewer’s refused command is audited',
    );
    const csv = await (await admin.raw('/api/audit.csv?action=fleet.rollout')).text();
    assert.match(csv, /fleet\.rollout\.start/);
    const batch = await op.get<{ rows: Array<Omit<CommandBatch, 'commands'>> }>('/api/fleet/commands');
    assert.ok(batch.body.rows.length >= 2);
  });
});
