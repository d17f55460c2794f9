/**
 * Screenshots of the central console's fleet pages (终端运维, a kiosk's page, 告警 with the SMS each
 * alert sent, a rollout halted in its canary wave), in Chinese and English, from real parts:
 * PostgreSQL, mosquitto with the production ACL, two dozen simulated kiosks speaking the agent's
 * contract, and the notifier with the log-only gateway.
 * `node --import tsx scripts/screenshots/fleet-screenshots.ts [--out DIR]` (default docs/screenshots/).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { Rollout } from '../../contract/central-fleet.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { startCentral } from '../../fleet/central/start.ts';
import { buildConsoleWeb } from '../../fleet/console-web/build.ts';
import { openCentralDb } from '../../fleet/db/central-db.ts';
import { addStaff, DISTRICT, setCentre } from '../../fleet/notify/directory.ts';
import { LogGateway } from '../../fleet/notify/log-gateway.ts';
import { Notifier } from '../../fleet/notify/notifier.ts';
import { newVaultKeyFile, PhoneVault } from '../../fleet/notify/phone-vault.ts';
import { testPhone } from '../../fleet/notify/testing/phones.ts';
import { startFleetOperations } from '../../fleet/operations/service.ts';
import { launchChromium } from '../../kiosk-ui/test-support/browser.ts';
import { shoot } from '../../kiosk-ui/test-support/real-appliance.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import { consoleLogin } from '../../test/support/console-http.ts';
import { startFleetBroker } from '../../test/support/fleet-broker.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { SimFleetKiosk, startSimKiosks } from '../../test/support/sim-fleet-kiosk.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SITES = ['xingfu', 'taoyuan', 'heping'];
const PER_SITE = 8;
const ids = SITES.flatMap((s) =>
  Array.from({ length: PER_SITE }, (_, i) => `${s}-${String(i + 1).padStart(3, '0')}`),
);
const VIEWPORT = { width: 1500, height: 900 };

const until = async (what: string, probe: () => Promise<boolean>) => {
  const end = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = resolve(values.out ?? join(here, '..', '..', 'docs', 'screenshots'));
  await mkdir(out, { recursive: true });
  const webDir = await mkdtemp(join(tmpdir(), 'shequ-fleet-shots-web-'));
  const [pg, broker] = await Promise.all([
    startPostgres(),
    startFleetBroker([...ids, 'svc-console']),
    buildConsoleWeb(webDir),
  ]);
  const { signing, trusted } = generateSigningKey();
  const kiosks = new Map(
    ids.map((id) => [
      id,
      new SimFleetKiosk({
        brokerUrl: broker.urlFor(id),
        kioskId: id,
        site: id.replace(/-\d+$/, ''),
        trustedKeys: [trusted],
        version: id === 'heping-004' ? '1.3.9' : '1.4.0',
        telemetryIntervalMs: 5000,
      }),
    ]),
  );
  const k = (id: string) => kiosks.get(id)!;
  const db = await openCentralDb(pg.url);
  const vault = new PhoneVault(newVaultKeyFile());
  const notifier = await Notifier.start({ db, vault, gateway: new LogGateway(() => {}) });
  await setCentre(db, 'xingfu-002', { name: '幸福街道社区服务中心', pickup: '1号窗口' });
  await addStaff(
    db,
    vault,
    { role: 'operator', centreId: DISTRICT, name: '运维 李工', phone: testPhone(9001) },
    Date.now(),
  );
  const fleet = await startFleetOperations({
    db,
    broker: { url: broker.urlFor('svc-console') },
    signingKey: signing,
    alerts: { offlineMinutes: 0, siteSoftware: { heping: '1.4.0' }, noHeartbeatMinutes: null },
    notifier,
    tickMs: 500,
    rolloutTickMs: 300,
  });
  await fleet.ready;
  await startSimKiosks([...kiosks.values()]);
  const central = await startCentral({ db, demoAccounts: true, webDir, modules: [fleet.module] });
  const browser = await launchChromium();
  try {
    // A fleet with a few things wrong, as an operator's morning looks.
    await k('xingfu-002').publishTelemetry({ printer: { state: 'fault', detail: '缺纸 paper out' } });
    await k('taoyuan-005').publishTelemetry({ disk: { freeBytes: 4e9, totalBytes: 64e9 } });
    await k('heping-007').publishTelemetry({ outbox: { depth: 12, oldestAgeMs: 47 * 60_000 } });
    await k('taoyuan-003').publishTelemetry({
      reader: { state: 'disconnected', detail: '读卡器未连接 reader not connected' },
    });
    k('xingfu-006').crash();
    await k('heping-008').shutdown();

    // A rollout that completed, then one halted in its canary wave (one kiosk rolled it back).
    const op = await consoleLogin(central.url, 'yunwei', 'demo-yunwei-1');
    const good = simulationConfig({});
    const first = await op.post<Rollout>('/api/fleet/rollouts', {
      sites: ['taoyuan'],
      config: good,
      canaryCount: 1,
    });
    await until(
      'the first rollout',
      async () => (await op.get<Rollout>(`/api/fleet/rollouts/${first.body.id}`)).body.state === 'completed',
    );
    k('taoyuan-001').bundles = 'roll-back';
    const bad = simulationConfig({ queue: { elderlyAge: 70, priorityRatio: 3, maxRequeues: 1 } });
    const halted = await op.post<Rollout>('/api/fleet/rollouts', {
      sites: ['taoyuan'],
      config: bad,
      canary: ['taoyuan-001', 'taoyuan-002'],
      failureThreshold: 0.25,
      note: '调整长辈优先年龄',
    });
    await until(
      'the canary halt',
      async () => (await op.get<Rollout>(`/api/fleet/rollouts/${halted.body.id}`)).body.state === 'halted',
    );
    await until('the alerts and their SMS', async () => {
      const a = await op.get<{
        rows: Array<{ id: number }>;
        deliveries: Record<string, Array<{ state: string }>>;
      }>('/api/fleet/alerts?state=open');
      return (
        a.body.rows.length >= 5 &&
        a.body.rows.every((r) => a.body.deliveries[r.id]?.[0]?.state === 'delivered')
      );
    });

    for (const lang of ['zh-CN', 'en'] as const) {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
      await context.addInitScript(
        (l) => localStorage.setItem('central.lang', l),
        lang === 'en' ? 'en' : 'zh',
      );
      const page: Page = await context.newPage();
      await page.goto(central.url);
      await page.fill('input[name=username]', 'yunwei');
      await page.fill('input[name=password]', 'demo-yunwei-1');
      await page.click('button[type=submit]');
      await page.getByTestId('who').waitFor();
      const shots: Array<[string, string, () => Promise<void>]> = [
        ['fleet-list', '#/fleet?sort=faults', () => page.getByTestId('kiosk-xingfu-002').waitFor()],
        [
          'fleet-kiosk',
          '#/fleet-kiosk?id=xingfu-002',
          () => page.getByText('缺纸 paper out').first().waitFor(),
        ],
        [
          'fleet-alerts',
          '#/fleet-alerts',
          () => page.locator('[data-testid=sms] [data-state=delivered]').first().waitFor(),
        ],
        [
          'fleet-rollout',
          `#/fleet-rollouts?id=${halted.body.id}`,
          () => page.getByTestId('halt-reason').waitFor(),
        ],
      ];
      for (const [name, path, ready] of shots) {
        await page.goto(`${central.url}${path}`);
        await ready();
        await page.waitForTimeout(300);
        await shoot(page, join(out, `${name}.${lang}.png`));
        process.stdout.write(`${join(out, `${name}.${lang}.png`)}\n`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    for (const s of kiosks.values()) s.crash();
    await central.close();
    await fleet.close();
    await notifier.close();
    await db.close();
    await Promise.all([broker.close(), pg.stop()]);
    await rm(webDir, { recursive: true, force: true });
  }
}

await main();
