/**
 * Child of the appliance-day-memory bench: the appliance (without the embedded central) in a
 * process of its own, started with the node flags given to the bench. Prints its memory when
 * freshly opened on an empty store and after a simulated day of 2,000 tickets and 300 cases,
 * through the same core the HTTP API uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { assembleAppliance } from '../assemble.ts';
import { openHardware } from '../bindings/hardware.ts';

const TICKETS = 2_000;
const CASES = 300;
const MB = 1024 * 1024;

function memory() {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return {
    rss: m.rss / MB,
    heapUsed: m.heapUsed / MB,
    heapTotal: m.heapTotal / MB,
    external: m.external / MB,
    arrayBuffers: m.arrayBuffers / MB,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'shequ-bench-day-'));
try {
  const running = await assembleAppliance(
    simulationConfig({ http: { host: '127.0.0.1', port: 0 } }),
    openHardware({}, null),
    { dataDir: dir, uiDistDir: join(dir, 'no-ui') },
  );
  const app = running.appliance;
  const empty = memory();
  const services = ['social-security', 'assistance', 'elderly-care', 'residence', 'consult'];
  const items: Record<string, string> = {
    'social-security': 'ssc-new',
    assistance: 'dibao-apply',
    'elderly-care': 'elderly-allowance',
    residence: 'residence-permit',
  };
  const counterFor: Record<string, string> = {
    'social-security': 'w1',
    consult: 'w1',
    assistance: 'w2',
    'elderly-care': 'w2',
    residence: 'w3',
  };
  const t0 = performance.now();
  let cases = 0;
  for (let i = 0; i < TICKETS; i++) {
    const serviceId = services[i % services.length]!;
    const number = `1101051950${String(100000 + i).slice(-6)}0`;
    const holder = {
      ref: app.vault.lookupRef(number),
      sealed: app.vault.seal({ name: `测试${i}`, number }),
      maskedName: '测*',
      maskedNumber: '1101**********0000',
    };
    await app.queue.issue({ serviceId, priority: i % 9 === 0, holder });
    const called = await app.queue.callNext(counterFor[serviceId]!, 'clerk');
    const itemId = items[serviceId];
    if (called && itemId && cases < CASES && i % 3 === 0) {
      await app.desk.accept({ ticketId: called.id, itemId, materials: ['居民身份证'] }, 'clerk');
      cases++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const day = memory();
  await running.close();
  process.stdout.write(`${JSON.stringify({ empty, day, seconds, cases, tickets: TICKETS })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true });
}
