/**
 * `shequ start` with its simulation mode: `--sim` starts the demo (demo/simulation.ts); `--config`
 * is the appliance's own path. cli/main.ts loads this module for `start`.
 */
import { stop as stopEsbuild } from 'esbuild';
import { type SimStartOptions, type Started, startCommand } from '../appliance/cli/start.ts';
import { createPairingCode } from '../appliance/pairing/pairing-codes.ts';
import { DEMO_ACCOUNTS as DEMO_CENTRAL_ACCOUNTS, ensureConsoleWebBuilt } from '../fleet/index.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.ts';
import { ensureScreensBuilt } from './screens.ts';
import { startSimulation } from './simulation.ts';

async function startDemo(opts: SimStartOptions): Promise<Started> {
  await ensureScreensBuilt((line) => process.stdout.write(`${line}\n`));
  await ensureConsoleWebBuilt((line) => process.stdout.write(`${line}\n`));
  // esbuild's build service (a child process, about 130 MB resident after building the screens)
  // would otherwise stay for the life of the demo; the next build starts another.
  await stopEsbuild();
  const sim = await startSimulation({
    dataDir: opts.dataDir,
    httpPort: opts.httpPort,
    ...(opts.mqttPort !== undefined ? { mqttPort: opts.mqttPort } : {}),
    ...(opts.printerPort !== undefined ? { printerPort: opts.printerPort } : {}),
  });
  const url = sim.running.url;
  // The demo's kiosk screen is paired like a real one: this one-time link pairs the browser that opens it.
  const { code } = await createPairingCode(sim.running.dataDir, {
    role: 'kiosk',
    label: 'demo kiosk',
    by: 'demo',
    ttlMs: 24 * 3_600_000,
  });
  return {
    banner: [
      'Shequ appliance running in simulation mode.',
      `  Kiosk (residents):   ${url}/kiosk/`,
      `                       pair the browser as the kiosk first (once): ${url}/pair?code=${code}`,
      `                       more screens: npx shequ pair kiosk|board --data ${sim.running.dataDir}`,
      `  Admin (staff):       ${url}/admin/   accounts: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')} / password ${DEMO_PASSWORD}`,
      `  Display board:       ${url}/board/`,
      `  ID card reader:      simulated GA 467 reader on ${sim.reader.devicePath}; place a card with`,
      `                       curl -X POST ${url}/api/sim/card -H 'content-type: application/json' -d '{"card":"resident-zhang"}'`,
      `  QR scanner:          simulated keyboard-wedge scanner; scan a code with`,
      `                       curl -X POST ${url}/api/sim/scan -H 'content-type: application/json' -d '{"text":"…"}'`,
      `  Printer:             virtual ESC/POS printer on 127.0.0.1:${sim.printer.port}, jobs rendered under ${opts.dataDir}/printer`,
      `  MQTT broker:         ${sim.brokerUrl} (embedded, logins required), central ingest in PGlite under ${opts.dataDir}/central`,
      `  Fleet console:       npx shequ fleet ls  (broker and console login in ${sim.brokerFile})`,
      ...(sim.central
        ? [
            `  Central console:     ${sim.central.url}   accounts: ${DEMO_CENTRAL_ACCOUNTS.map((a) => `${a.username} / ${a.password}`).join(', ')}`,
          ]
        : []),
    ],
    close: () => sim.close(),
  };
}

export const run = startCommand(startDemo);
