/**
 * Simulation mode: the whole appliance with simulated devices that speak the real protocols — a
 * GA 467 ID card reader on a virtual serial port, an ESC/POS printer on 127.0.0.1 — plus an MQTT
 * broker and central ingest, embedded unless the caller gives its own broker.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSimCard } from '../../drivers/idcard/index.ts';
import { openPrinter, startVirtualPrinter, type VirtualPrinter } from '../../drivers/printer/index.ts';
import { openHidScanner, SimulatedScanner } from '../../drivers/scanner/index.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { type CentralDb, type IngestWorker, openCentralDb, startIngest } from '../../fleet/index.ts';
import type { ApplianceOptions } from '../core/appliance.ts';
import { type RunningAppliance, runAppliance } from '../runtime.ts';
import { seedDemoAccounts } from './demo-accounts.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.ts';
import { type SimReaderHandle, startSimReader } from './sim-reader.ts';

export interface SimulationOptions {
  dataDir: string;
  httpPort?: number;
  /** An external broker (e.g. mosquitto); without it an embedded aedes broker is started. */
  broker?: { url: string; protocolVersion: 4 | 5 };
  mqttPort?: number;
  printerPort?: number;
  /** Run central ingest in this process (PGlite under dataDir/central). Default true. */
  embeddedIngest?: boolean;
  uiDistDir?: string;
  agent?: ApplianceOptions['agent'];
  configOverrides?: Partial<ApplianceConfig>;
  /** Serve the simulated reader in-process even when socat is installed (for tests of that path). */
  inProcessReader?: boolean;
}

export interface Simulation {
  running: RunningAppliance;
  reader: SimReaderHandle;
  printer: VirtualPrinter;
  brokerUrl: string;
  centralDb: CentralDb | null;
  ingest: IngestWorker | null;
  close(): Promise<void>;
}

export async function startSimulation(opts: SimulationOptions): Promise<Simulation> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const cleanup: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    let embedded: EmbeddedBroker | null = null;
    if (!opts.broker) {
      embedded = await startEmbeddedBroker(opts.mqttPort ?? 0);
      cleanup.push(() => embedded!.close());
    }
    const broker = opts.broker ?? { url: embedded!.url, protocolVersion: 4 as const };

    let centralDb: CentralDb | null = null;
    let ingest: IngestWorker | null = null;
    if (opts.embeddedIngest !== false) {
      centralDb = await openCentralDb(join(opts.dataDir, 'central'));
      cleanup.push(() => centralDb!.close());
      ingest = await startIngest({
        brokerUrl: broker.url,
        db: centralDb,
        workerId: 'embedded',
        shared: broker.protocolVersion === 5,
        protocolVersion: broker.protocolVersion,
      });
      cleanup.push(() => ingest!.close());
    }

    const readerSim = await startSimReader({
      pollIntervalMs: 200,
      forceInProcess: opts.inProcessReader ?? false,
    });
    cleanup.push(() => readerSim.close());
    const printerSim = await startVirtualPrinter({
      port: opts.printerPort ?? 0,
      outDir: join(opts.dataDir, 'printer'),
    });
    cleanup.push(() => printerSim.close());

    const config = simulationConfig({
      broker,
      http: { host: '127.0.0.1', port: opts.httpPort ?? 8080 },
      hardware: {
        reader: readerSim.devicePath.startsWith('/')
          ? { path: readerSim.devicePath, baudRate: 115200 }
          : null,
        printer: { uri: `tcp://127.0.0.1:${printerSim.port}`, profile: 'generic-80mm-zh' },
      },
      ...opts.configOverrides,
    });
    const reader = readerSim.reader;
    // A keyboard-wedge scanner: the simulator produces the HID reports, the real decoder reads them.
    const scannerSim = new SimulatedScanner();
    const scanner = openHidScanner(
      { vendorId: 0x05e0, productId: 0x1200 },
      { openDevice: scannerSim.openHidDevice },
    );
    cleanup.push(() => scannerSim.close());
    const printer = openPrinter(`tcp://127.0.0.1:${printerSim.port}`);
    const running = await runAppliance({
      config,
      dataDir: join(opts.dataDir, 'appliance'),
      reader,
      printer,
      scanner,
      ...(opts.uiDistDir ? { uiDistDir: opts.uiDistDir } : {}),
      ...(opts.agent ? { agent: opts.agent } : {}),
      sim: {
        placeCard: (name) => readerSim.place(loadSimCard(name)),
        removeCard: () => readerSim.remove(),
        scan: (text) => scannerSim.scanHid(text),
      },
    });
    cleanup.push(() => running.close());
    await seedDemoAccounts(running.auth);

    return {
      running,
      reader: readerSim,
      printer: printerSim,
      brokerUrl: broker.url,
      centralDb,
      ingest,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
