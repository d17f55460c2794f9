/**
 * The power-cut appliance (appliance.ts) as a script: `serve.ts DATA_DIR [--wait-for-go]`, prints
 * `READY <url>` and runs until killed. The test runs bundle.ts's build of the same code.
 */
import { runPowerCutAppliance } from './appliance.ts';

await runPowerCutAppliance(process.argv.slice(2));
