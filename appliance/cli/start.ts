/** `shequ start [--sim] [--config FILE] [--data DIR] [--port N]` */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openSerialReader } from '../../drivers/idcard/index.ts';
import { openPrinter, printerProfiles } from '../../drivers/printer/index.ts';
import { ConfigError, loadConfigFile } from '../../firmware-config/load.ts';
import {
  connectErrorExplainer,
  identityPaths,
  kioskMqttOptions,
  readKioskIdentity,
  readTrustedConfigKeys,
} from '../../provisioning/index.ts';
import { appliedConfig, desiredConfigLink } from '../config-sync.ts';
import type { ApplianceOptions } from '../core/appliance.ts';
import { runAppliance } from '../runtime.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../sim/demo-accounts.ts';
import { startSimulation } from '../sim/simulation.ts';

const USAGE = `Usage: shequ start --sim [--data DIR] [--port N] [--mqtt-port N] [--printer-port N]
       shequ start --config FILE [--data DIR]

  --sim           simulated ID card reader and printer, embedded MQTT broker and central ingest
  --config FILE   run on real hardware with this configuration
  --data DIR      where the appliance keeps its store (default: var/sim or var/appliance)
`;

function waitForSignal(): Promise<string> {
  return new Promise((resolveSignal) => {
    const done = (signal: string) => resolveSignal(signal);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      sim: { type: 'boolean', default: false },
      config: { type: 'string' },
      data: { type: 'string' },
      port: { type: 'string' },
      'mqtt-port': { type: 'string' },
      'printer-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values.sim && !values.config)) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }

  if (values.sim) {
    const dataDir = resolve(values.data ?? 'var/sim');
    const sim = await startSimulation({
      dataDir,
      httpPort: values.port ? Number(values.port) : 8080,
      ...(values['mqtt-port'] ? { mqttPort: Number(values['mqtt-port']) } : {}),
      ...(values['printer-port'] ? { printerPort: Number(values['printer-port']) } : {}),
    });
    const url = sim.running.url;
    process.stdout.write(
      [
        'Shequ appliance running in simulation mode.',
        `  Kiosk (residents):   ${url}/kiosk/`,
        `  Admin (staff):       ${url}/admin/   accounts: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')} / password ${DEMO_PASSWORD}`,
        `  Display board:       ${url}/board/`,
        `  ID card reader:      simulated GA 467 reader on ${sim.reader.devicePath}; place a card with`,
        `                       curl -X POST ${url}/api/sim/card -H 'content-type: application/json' -d '{"card":"resident-zhang"}'`,
        `  Printer:             virtual ESC/POS printer on 127.0.0.1:${sim.printer.port}, jobs rendered under ${dataDir}/printer`,
        `  MQTT broker:         ${sim.brokerUrl} (embedded), central ingest in PGlite under ${dataDir}/central`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    const signal = await waitForSignal();
    process.stdout.write(`\n${signal}: stopping…\n`);
    await sim.close();
    process.stdout.write('stopped.\n');
    return 0;
  }

  const dataDir = resolve(values.data ?? 'var/appliance');
  let config: ReturnType<typeof loadConfigFile>;
  try {
    // What central last applied wins over the installer's file.
    config = appliedConfig(dataDir) ?? loadConfigFile(values.config!);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`shequ start: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const reader = config.hardware.reader
    ? openSerialReader({ path: config.hardware.reader.path, baudRate: config.hardware.reader.baudRate })
    : null;
  const profile = config.hardware.printer ? printerProfiles[config.hardware.printer.profile] : undefined;
  const printer = config.hardware.printer
    ? openPrinter(config.hardware.printer.uri, profile ? { profile } : {})
    : null;
  // An enrolled kiosk talks to central only with its own certificate and takes signed configuration.
  let link: ReturnType<typeof desiredConfigLink> | null = null;
  let agent: ApplianceOptions['agent'];
  if (existsSync(identityPaths(dataDir).identity)) {
    const identity = readKioskIdentity(dataDir);
    config = {
      ...config,
      kioskId: identity.kioskId,
      broker: { url: identity.brokerUrl, protocolVersion: 5 },
    };
    link = desiredConfigLink({
      dataDir,
      kioskId: identity.kioskId,
      siteId: identity.siteId,
      trustedKeys: readTrustedConfigKeys(dataDir),
    });
    const recovered = await link.applier.recoverInterrupted();
    if (recovered.recovered)
      process.stderr.write(`restored the last good configuration after an interrupted apply\n`);
    agent = {
      mqttOptions: kioskMqttOptions(dataDir),
      describeError: connectErrorExplainer(dataDir),
      onConnected: link.onConnected,
    };
  }
  const running = await runAppliance({ config, dataDir, reader, printer, ...(agent ? { agent } : {}) });
  link?.bind(running.appliance);
  process.stdout.write(`Shequ appliance ${config.kioskId} serving ${running.url}/kiosk/, /admin/, /board/\n`);
  await waitForSignal();
  await running.close();
  return 0;
}
