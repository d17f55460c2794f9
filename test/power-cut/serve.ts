/** The appliance alone (no devices, no broker) on a given data dir, for the power-cut test to kill. */

import { runAppliance } from '../../appliance/runtime.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serve.ts DATA_DIR');
const running = await runAppliance({
  config: simulationConfig({ http: { host: '127.0.0.1', port: 0 } }),
  dataDir,
  reader: null,
  printer: null,
  uiDistDir: '/nonexistent',
});
if (!running.auth.hasUsers()) await running.auth.addUser('clerk', 'power-cut-pass', 'staff');
process.stdout.write(`READY ${running.url}\n`);
