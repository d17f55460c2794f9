/**
 * Appliance memory (RSS) after a simulated day of 2,000 tickets and 300 cases, through the same
 * core the HTTP API uses; anchor: the same appliance just opened on an empty store, in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchResult, round } from '../../bench/types.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { assembleAppliance } from '../assemble.ts';
import { openHardware } from '../bindings/hardware.ts';

const TICKETS = 2_000;
const CASES = 300;
const MB = 1024 * 1024;

function rssMb(): number {
  globalThis.gc?.();
  return process.memoryUsage().rss / MB;
}

export async function bench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-bench-day-'));
  try {
    const running = await assembleAppliance(
      simulationConfig({ http: { host: '127.0.0.1', port: 0 } }),
      openHardware({}, null),
      { dataDir: dir, uiDistDir: join(dir, 'no-ui') },
    );
    const app = running.appliance;
    const empty = rssMb();
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
      const ticket = await app.queue.issue({ serviceId, priority: i % 9 === 0, holder });
      const called = await app.queue.callNext(counterFor[serviceId]!, 'clerk');
      const itemId = items[serviceId];
      if (called && itemId && cases < CASES && i % 3 === 0) {
        await app.desk.accept({ ticketId: called.id, itemId, materials: ['居民身份证'] }, 'clerk');
        cases++;
      }
      void ticket;
    }
    const seconds = (performance.now() - t0) / 1000;
    const day = rssMb();
    const { heapUsed, heapTotal, external } = process.memoryUsage();
    const heap = heapUsed / MB;
    await running.close();
    return {
      name: 'appliance-day-memory',
      metrics: {
        rss_mb_after_day: round(day, 1),
        heap_used_mb_after_day: round(heap, 1),
        heap_total_mb_after_day: round(heapTotal / MB, 1),
        external_mb_after_day: round(external / MB, 1),
        tickets: TICKETS,
        cases,
        day_simulated_in_s: round(seconds, 1),
      },
      anchor: { rss_mb_after_day: round(empty, 1) },
      ratio: { rss_mb_after_day: round(day / empty, 2) },
      notes:
        'shequ: RSS after issuing, calling and (for 300) accepting cases on 2,000 tickets; anchor: RSS of the same appliance freshly opened on an empty store.',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-keys`, { recursive: true, force: true });
  }
}
