/**
 * The demo as `npm start` runs it: the appliance assembled from simulated devices (appliance/sim),
 * an embedded MQTT broker (aedes, with generated logins and the fleet ACL) and central ingest
 * (PGlite) in the same process. It is the same assembly `shequ start --config` uses; only the
 * bindings differ. This folder may use both appliance/ and fleet/'s public entry; appliance/ may not.
 */
import { appendFileSync, chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type AgentTuning, assembleAppliance, type RunningAppliance } from '../appliance/assemble.ts';
import type { BrokerLink } from '../appliance/bindings/device-bindings.ts';
import { checkPortFree } from '../appliance/http/server.ts';
import { startSimulatedDevices } from '../appliance/sim/sim-devices.ts';
import type { SimReaderHandle } from '../appliance/sim/sim-reader.ts';
import type { ApplianceConfig } from '../contract/config/schema.ts';
import { DEMO_BROKER_FILE, type DemoBroker } from '../contract/demo-broker.ts';
import type { VirtualPrinter } from '../drivers/printer/index.ts';
import { simulationConfig } from '../firmware-config/sim-config.ts';
import {
  type CentralDb,
  type IngestWorker,
  openCentralDb,
  type RunningCentral,
  startCentral,
  startNotifyService,
} from '../fleet/index.ts';
import { lockDataDir } from '../platform/data-dir-lock.ts';
import { seedDemoAccounts } from './demo-accounts.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.ts';
import { DEMO_DISTRICT, startDemoSharing } from './sharing.ts';

export interface SimulationOptions {
  dataDir: string;
  httpPort?: number;
  /** An external broker (e.g. mosquitto); without it an embedded aedes broker is started. */
  broker?: { url: string; protocolVersion: 4 | 5 };
  mqttPort?: number;
  printerPort?: number;
  /** Run central ingest and its console in this process (PGlite under dataDir/central). Default true. */
  embeddedIngest?: boolean;
  /** The central console's port (0, the default: any free port). */
  centralPort?: number;
  uiDistDir?: string;
  agent?: AgentTuning;
  configOverrides?: Partial<ApplianceConfig>;
  /** Serve the simulated reader in-process even when socat is installed (for tests of that path). */
  inProcessReader?: boolean;
}

export interface Simulation {
  running: RunningAppliance;
  reader: SimReaderHandle;
  printer: VirtualPrinter;
  brokerUrl: string;
  /** Where `shequ fleet` finds the embedded broker and the console's login (null with an external broker). */
  brokerFile: string | null;
  centralDb: CentralDb | null;
  ingest: IngestWorker | null;
  /** The central console (its URL and the demo accounts), when central runs in this process. */
  central: RunningCentral | null;
  close(): Promise<void>;
}

/** `<demo data dir>/broker.json`, mode 0600: the embedded broker's URL and the console's login. */
export function writeBrokerFile(dataDir: string, broker: EmbeddedBroker): string {
  const path = join(dataDir, DEMO_BROKER_FILE);
  const body: DemoBroker = {
    url: broker.url,
    protocolVersion: broker.protocolVersion,
    console: broker.console,
  };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

const withLogin = (url: string, login: { username: string; password: string }) => {
  const u = new URL(url);
  u.username = encodeURIComponent(login.username);
  u.password = encodeURIComponent(login.password);
  return u.toString();
};

export async function startSimulation(opts: SimulationOptions): Promise<Simulation> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  // One demo per data directory: its broker login file, central database and appliance store.
  const unlock = lockDataDir(opts.dataDir, 'the demo data directory');
  const cleanup: Array<() => Promise<void>> = [async () => unlock()];
  try {
    await checkPortFree('127.0.0.1', opts.httpPort ?? 8080);
  } catch (err) {
    unlock();
    throw err;
  }
  const closeAll = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    let embedded: EmbeddedBroker | null = null;
    if (!opts.broker) {
      embedded = await startEmbeddedBroker(opts.mqttPort ?? 0);
      cleanup.push(() => embedded!.close());
    }
    const broker = opts.broker ?? { url: embedded!.url, protocolVersion: embedded!.protocolVersion };
    const brokerFile = embedded ? writeBrokerFile(opts.dataDir, embedded) : null;

    // Central (ingest and its console) on PGlite under dataDir/central, fed by the demo kiosk.
    let central: RunningCentral | null = null;
    let shared: Awaited<ReturnType<typeof startDemoSharing>> | null = null;
    if (opts.embeddedIngest !== false) {
      const db = await openCentralDb(join(opts.dataDir, 'central'));
      cleanup.push(() => db.close());
      // SMS: the notifier (log-only gateway, masked lines in notify/sms.log) and the kiosk's opt-in.
      const notify = embedded
        ? await startNotifyService({
            db,
            keyFile: join(opts.dataDir, 'notify', 'notify.key'),
            broker: { url: broker.url, protocolVersion: broker.protocolVersion, ...embedded.notify },
            log: (line) => appendFileSync(join(opts.dataDir, 'notify', 'sms.log'), `${line}\n`),
          })
        : null;
      if (notify) cleanup.push(() => notify.close());
      // Data sharing down to the demo kiosk needs the embedded broker's console login (it alone may write datasets).
      if (embedded) {
        shared = await startDemoSharing({
          dataDir: opts.dataDir,
          db,
          brokerUrl: embedded.url,
          login: embedded.console,
          protocolVersion: embedded.protocolVersion,
          config: simulationConfig(opts.configOverrides),
        });
        cleanup.push(() => shared!.service.close());
      }
      central = await startCentral({
        db,
        ...(notify ? { notifier: notify.notifier } : {}),
        ...(shared ? { modules: [shared.service.module] } : {}),
        broker: {
          url: embedded ? withLogin(broker.url, embedded.ingest) : broker.url,
          workerId: 'embedded',
          shared: broker.protocolVersion === 5,
          protocolVersion: broker.protocolVersion,
        },
        port: opts.centralPort ?? 0,
        demoAccounts: true,
      });
      cleanup.push(() => central!.close());
    }

    const devices = await startSimulatedDevices({
      dataDir: opts.dataDir,
      ...(opts.printerPort !== undefined ? { printerPort: opts.printerPort } : {}),
      ...(opts.inProcessReader ? { inProcessReader: true } : {}),
    });
    const config = simulationConfig({
      broker,
      http: { host: '127.0.0.1', port: opts.httpPort ?? 8080 },
      hardware: devices.hardware,
      ...opts.configOverrides,
    });
    const link: BrokerLink = {
      ...broker,
      ...(embedded ? { mqttOptions: embedded.kiosk(config.kioskId) } : {}),
    };
    const running = await assembleAppliance(
      config,
      { ...devices.bindings, broker: link },
      {
        dataDir: join(opts.dataDir, 'appliance'),
        // The demo's device key in its own folder beside the appliance's data, as on a real box.
        deviceKey: { source: 'file', path: join(resolve(opts.dataDir), 'demo-keys', 'device.key') },
        ...(opts.uiDistDir ? { uiDistDir: opts.uiDistDir } : {}),
        ...(opts.agent ? { agent: opts.agent } : {}),
        ...(shared ? { sharing: { trustedKeys: [shared.trusted], districtId: DEMO_DISTRICT } } : {}),
      },
    );
    cleanup.push(() => running.close());
    await seedDemoAccounts(running.auth);

    return {
      running,
      reader: devices.reader,
      printer: devices.printer,
      brokerUrl: broker.url,
      brokerFile,
      centralDb: central?.db ?? null,
      ingest: central?.ingest ?? null,
      central,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
