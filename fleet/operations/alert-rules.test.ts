/**
 * The alert rules from real MQTT telemetry (mosquitto with the production ACL, PostgreSQL): the
 * oldest unsent transaction too old, disk below N%, software drifting from the site's version, and
 * a kiosk connected but silent each raise one alert, which clears when the kiosk reports well again;
 * a healthy kiosk raises none. Each alert goes on through the notification hook to the district's
 * operator as an SMS (the real notifier, its pg-boss queue and the log-only gateway), with the
 * number masked, and its delivery state is on the alerts API and the alerts page (Chromium).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { chromium } from 'playwright-core';
import { AlertList, type FleetAlert } from '../../contract/central-fleet.ts';
import { type ConsoleSession, consoleLogin } from '../../test/support/console-http.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { HEALTHY_TELEMETRY, SimFleetKiosk, startSimKiosks } from '../../test/support/sim-fleet-kiosk.ts';
import { type RunningCentral, startCentral } from '../central/start.ts';
import { buildConsoleWeb } from '../console-web/build.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { addStaff, DISTRICT } from '../notify/directory.ts';
import { LogGateway } from '../notify/log-gateway.ts';
import { Notifier } from '../notify/notifier.ts';
import { newVaultKeyFile, PhoneVault } from '../notify/phone-vault.ts';
import { testPhone } from '../notify/testing/phones.ts';
import { type FleetOperations, startFleetOperations } from './service.ts';

const SITE_VERSION = '2.0.0';
const OUTBOX = 'site-s-001';
const DISK = 'site-s-002';
const DRIFT = 'site-s-003';
const SILENT = 'site-s-004';
const HEALTHY = 'site-s-005';
const ALL = [OUTBOX, DISK, DRIFT, SILENT, HEALTHY];
const OPERATOR_PHONE = testPhone(4242);

interface AlertsBody {
  rows: FleetAlert[];
  deliveries: Record<string, Array<{ role: string; to: string; state: string; text: string }>>;
}

const until = async <T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 15_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('alert rules from MQTT telemetry, sent on to the operator by SMS', () => {
  let pg: PostgresServer;
  let broker: FleetBroker;
  let db: CentralDb;
  let notifier: Notifier;
  let fleet: FleetOperations;
  let central: RunningCentral;
  let op: ConsoleSession;
  let webDir: string;
  const smsLog: string[] = [];
  const kiosks = new Map<string, SimFleetKiosk>();
  const kiosk = (id: string) => kiosks.get(id)!;
  const openAlerts = async () => (await op.get<AlertsBody>('/api/fleet/alerts?state=open')).body;

  before(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'shequ-alert-rules-web-'));
    [pg, broker] = await Promise.all([
      startPostgres(),
      startFleetBroker([...ALL, 'svc-console']),
      buildConsoleWeb(webDir),
    ]).then(([p, b]) => [p, b] as const);
    for (const id of ALL)
      kiosks.set(
        id,
        new SimFleetKiosk({
          brokerUrl: broker.urlFor(id),
          kioskId: id,
          site: 'site-s',
          version: id === DRIFT ? '1.9.3' : SITE_VERSION,
          // The silent kiosk sends its first telemetry only; the others keep a heartbeat.
          ...(id === SILENT ? {} : { telemetryIntervalMs: 400 }),
        }),
      );
    db = await openCentralDb(pg.url);
    const vault = new PhoneVault(newVaultKeyFile());
    notifier = await Notifier.start({ db, vault, gateway: new LogGateway((l) => smsLog.push(l)) });
    await addStaff(
      db,
      vault,
      { role: 'operator', centreId: DISTRICT, name: '运维 李工', phone: OPERATOR_PHONE },
      Date.now(),
    );
    fleet = await startFleetOperations({
      db,
      broker: { url: broker.urlFor('svc-console') },
      alerts: {
        offlineMinutes: null,
        paper: false,
        outboxAgeMinutes: 30,
        diskFreePercent: 10,
        versionDrift: true,
        siteSoftware: { 'site-s': SITE_VERSION },
        // 3 s: bounded, and well above the others' 0.4 s heartbeat.
        noHeartbeatMinutes: 0.05,
      },
      notifier,
      tickMs: 200,
    });
    await fleet.ready;
    await startSimKiosks([...kiosks.values()]);
    central = await startCentral({ db, demoAccounts: true, webDir, modules: [fleet.module] });
    op = await consoleLogin(central.url, 'yunwei', 'demo-yunwei-1');
  });

  after(async () => {
    for (const k of kiosks.values()) k.crash();
    await central?.close();
    await fleet?.close();
    await notifier?.close();
    await db?.close();
    await Promise.all([broker?.close(), pg?.stop()]);
    await rm(webDir, { recursive: true, force: true });
  });

  test('outbox age, low disk, version drift and a silent connected kiosk each raise one alert; a healthy kiosk none', async () => {
    await kiosk(OUTBOX).publishTelemetry({ outbox: { depth: 4, oldestAgeMs: 31 * 60_000 } });
    await kiosk(DISK).publishTelemetry({ disk: { freeBytes: 3e9, totalBytes: 64e9 } });
    const expected = new Map([
      [OUTBOX, 'outbox-age'],
      [DISK, 'disk-low'],
      [DRIFT, 'version-drift'],
      [SILENT, 'no-heartbeat'],
    ]);
    const body = await until('the four alerts', async () => {
      const b = await openAlerts();
      return [...expected].every(([k, rule]) => b.rows.some((a) => a.kioskId === k && a.rule === rule)) && b;
    });
    const mine = body.rows.filter((a) => a.kioskId.startsWith('site-s-'));
    assert.deepEqual(
      mine.map((a) => `${a.kioskId} ${a.rule}`).sort(),
      [...expected].map(([k, r]) => `${k} ${r}`).sort(),
      'each condition once, nothing for the healthy kiosk',
    );
    const text = (k: string) => mine.find((a) => a.kioskId === k)!.summary;
    assert.match(text(OUTBOX), /31 分钟（4 条）/);
    assert.match(text(DISK), /磁盘剩余 4\.7% disk free below 10%/);
    assert.match(text(DRIFT), /软件版本 1\.9\.3，站点应为 2\.0\.0/);
    assert.match(text(SILENT), /在线但 \d+ 分钟无心跳/);
    // Still true a few ticks later: raised once, not again.
    await new Promise((r) => setTimeout(r, 600));
    assert.equal((await openAlerts()).rows.filter((a) => a.kioskId.startsWith('site-s-')).length, 4);
  });

  test('each alert reaches the operator by SMS (masked everywhere) and its delivery state is on the alerts API and page', async () => {
    const body = await until('every alert’s SMS delivered', async () => {
      const b = await openAlerts();
      const mine = b.rows.filter((a) => a.kioskId.startsWith('site-s-'));
      return mine.every((a) => b.deliveries[a.id]?.some((d) => d.state === 'delivered')) && b;
    });
    const masked = `${OPERATOR_PHONE.slice(0, 3)}****${OPERATOR_PHONE.slice(-4)}`;
    assert.equal(
      Value.Check(AlertList, body),
      true,
      'the alerts answer, SMS included, is the contract’s AlertList',
    );
    for (const a of body.rows.filter((x) => x.kioskId.startsWith('site-s-'))) {
      const [sms] = body.deliveries[a.id]!;
      assert.equal(sms!.role, 'operator');
      assert.equal(sms!.to, masked);
      assert.ok(sms!.text.includes(a.kioskId), `the text names the kiosk: ${sms!.text}`);
    }
    assert.ok(
      smsLog.some((l) => l.includes(masked)),
      'the gateway logged the message',
    );
    assert.ok(
      smsLog.every((l) => !l.includes(OPERATOR_PHONE)) && JSON.stringify(body).indexOf(OPERATOR_PHONE) === -1,
      'the number is never shown in full',
    );

    // The alerts page in Chromium: each alert's SMS, masked, with its delivery state.
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ locale: 'zh-CN' });
      await page.goto(central.url);
      await page.fill('input[name=username]', 'yunwei');
      await page.fill('input[name=password]', 'demo-yunwei-1');
      await page.click('button[type=submit]');
      await page.getByTestId('who').waitFor();
      await page.goto(`${central.url}#/fleet-alerts`);
      for (const k of [OUTBOX, DISK, DRIFT, SILENT]) {
        const cell = page.locator(`[data-testid^=alert-${k}-] [data-testid=sms]`);
        await cell.locator('[data-state=delivered]').waitFor();
        assert.match(
          (await cell.textContent()) ?? '',
          new RegExp(`${masked.replace(/\*/g, '\\*')}\\s*已送达`),
        );
      }
      assert.ok(!(await page.content()).includes(OPERATOR_PHONE), 'not in full on the page');
    } finally {
      await browser.close();
    }
  });

  test('the alerts clear when the kiosks report well again', async () => {
    await kiosk(OUTBOX).publishTelemetry({ outbox: HEALTHY_TELEMETRY.outbox });
    await kiosk(DISK).publishTelemetry({ disk: HEALTHY_TELEMETRY.disk });
    await kiosk(SILENT).publishTelemetry();
    await until('outbox, disk and heartbeat alerts to clear', async () => {
      const open = (await openAlerts()).rows.filter((a) => a.kioskId.startsWith('site-s-'));
      return open.length === 1 && open[0]!.rule === 'version-drift';
    });
    const cleared = (await op.get<AlertsBody>('/api/fleet/alerts?state=cleared')).body.rows;
    for (const k of [OUTBOX, DISK, SILENT])
      assert.ok(
        cleared.some((a) => a.kioskId === k && a.clearedAt !== null),
        `${k}'s alert is cleared`,
      );
  });
});
