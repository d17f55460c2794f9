/**
 * A ticket's latency through HTTP against a real appliance process, alone (the anchor) and while
 * 40 clients of the LAN (40 loopback addresses) send wrong passwords as fast as they are answered.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchResult, median, percentile, round } from '../../bench/types.ts';
import { clientAddress, requestFrom } from '../../test/support/from-address.ts';

const TICKETS = 1000;
const BLOCKS = 4;
const ATTACKERS = 40;

async function ticketLatencies(url: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const r = await requestFrom('127.0.0.1', `${url}/api/tickets`, {
      method: 'POST',
      body: { serviceId: ['social-security', 'elderly-care', 'consult'][i % 3], withCard: false },
    });
    if (r.status !== 201) throw new Error(`ticket refused: ${r.status} ${JSON.stringify(r.json)}`);
    out.push(performance.now() - started);
  }
  return out;
}

export async function bench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-hall-abuse-'));
  const serve = new URL('../../test/power-cut/serve.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', serve, join(dir, 'data')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SHEQU_TEST: '1' },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /READY (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`appliance exited ${code}`)));
    });
    await ticketLatencies(url, 30); // warm
    // Alone and under attack in turns, so the load of anything else on the machine falls on both alike.
    const alone: number[] = [];
    const underAttack: number[] = [];
    const statuses = new Map<number, number>();
    for (let block = 0; block < BLOCKS; block++) {
      alone.push(...(await ticketLatencies(url, TICKETS / BLOCKS)));
      let stop = false;
      const attackers = Array.from({ length: ATTACKERS }, async (_, a) => {
        for (let i = 0; !stop; i++) {
          const r = await requestFrom(clientAddress(a), `${url}/api/session`, {
            method: 'POST',
            body: { username: 'clerk', password: `guess-${block}-${a}-${i}` },
          }).catch(() => ({ status: 0 }));
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        }
      });
      await new Promise((r) => setTimeout(r, 100));
      underAttack.push(...(await ticketLatencies(url, TICKETS / BLOCKS)));
      stop = true;
      await Promise.all(attackers);
    }

    const p99Alone = percentile(alone, 99);
    const p99Attack = percentile(underAttack, 99);
    const answers = Object.fromEntries([...statuses].map(([s, n]) => [`login_answers_${s}`, n]));
    return {
      name: 'hall-abuse',
      metrics: {
        ticket_p99_ms_under_40_wrong_logins: round(p99Attack, 1),
        ticket_median_ms_under_40_wrong_logins: round(median(underAttack), 1),
        ...answers,
      },
      anchor: {
        ticket_p99_ms_under_40_wrong_logins: round(p99Alone, 1),
        ticket_median_ms_under_40_wrong_logins: round(median(alone), 1),
      },
      ratio: {
        ticket_p99_ms_under_40_wrong_logins: round(p99Attack / p99Alone, 2),
        ticket_median_ms_under_40_wrong_logins: round(median(underAttack) / median(alone), 2),
      },
      notes: `${TICKETS} card-less tickets one after another through HTTP, alone (anchor) and ${TICKETS} while ${ATTACKERS} clients at ${ATTACKERS} loopback addresses each send wrong passwords back to back, in ${BLOCKS} turns of each; goal: p99 ratio <= 1.5`,
    };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
