/** The appliance alone (no devices, no broker) on a given data dir, for the power-cut test to kill. */

import { assembleAppliance } from '../../appliance/assemble.ts';
import { startSimReader } from '../../appliance/sim/sim-reader.ts';
import { loadSimCard } from '../../drivers/idcard/index.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serve.ts DATA_DIR');
// A card stays on an in-process simulated reader so tickets (and then cases) can carry an applicant.
const reader = await startSimReader({ pollIntervalMs: 20, forceInProcess: true });
const running = await assembleAppliance(
  simulationConfig({ http: { host: '127.0.0.1', port: 0 } }),
  {
    reader: reader.inProcessReader,
    scanner: null,
    printer: null,
    camera: null,
    broker: null,
    close: () => reader.close(),
  },
  { dataDir, uiDistDir: '/nonexistent' },
);
if (!running.auth.hasUsers()) await running.auth.addUser('clerk', 'power-cut-pass', 'staff');
reader.place(loadSimCard('resident-li'));
while (!running.appliance.cardView()) await new Promise((r) => setTimeout(r, 10));
process.stdout.write(`READY ${running.url}\n`);
