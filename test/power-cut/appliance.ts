/**
 * The appliance alone (no devices, no broker) on a given data dir, for the power-cut test to kill.
 * With `--wait-for-go` it loads all its code first, says WARM, and touches the data dir only once
 * told `go` on stdin: the test keeps the next process warm while the current one runs, so a round
 * does not wait for a start. serve.ts runs it as a script; bundle.ts bundles it for the test.
 */

import { once } from 'node:events';
import { assembleAppliance } from '../../appliance/assemble.ts';
import { startSimReader } from '../../appliance/sim/sim-reader.ts';
import { loadSimCard } from '../../drivers/idcard/index.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';

/** Runs until killed; resolves once it has printed `READY <url>`. Arguments: DATA_DIR [--wait-for-go]. */
export async function runPowerCutAppliance(args: string[]): Promise<void> {
  const dataDir = args[0];
  if (!dataDir) throw new Error('usage: serve.ts DATA_DIR [--wait-for-go]');
  if (args[1] === '--wait-for-go') {
    process.stdout.write('WARM\n');
    let input = '';
    while (!input.includes('go\n')) {
      const [chunk] = (await once(process.stdin, 'data')) as [Buffer];
      input += chunk.toString();
    }
    process.stdin.pause();
  }
  // A card stays on an in-process simulated reader so tickets (and then cases) can carry an applicant.
  const reader = await startSimReader({ pollIntervalMs: 20, forceInProcess: true });
  const running = await assembleAppliance(
    simulationConfig({
      http: { host: '127.0.0.1', port: 0 },
      // A stream of tickets from one unpaired client is what this test is: the card-less limits stand aside.
      limits: {
        cardless: {
          perScreen: { burst: 10_000, perMinute: 10_000 },
          perService: { burst: 10_000, perMinute: 10_000 },
          serviceDailyShare: 1,
          unpairedDailyShare: 1,
        },
        stream: { maxClients: 64, maxPerClient: 16, stallSeconds: 60, connectionBytes: 256 * 1024 },
      },
    }),
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
}
