/**
 * A hall is a hostile place: whatever single file of the data directory is torn, truncated or
 * garbage, the appliance starts, says what it repaired, and hands out no ticket number it has
 * already acknowledged. Each file class is damaged from outside in three ways (cut in the middle
 * of a record, zero bytes, random bytes) between two starts of the appliance assembly, with
 * tickets taken over HTTP.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { assembleAppliance, type RunningAppliance } from '../../appliance/assemble.ts';
import { endOfNonZero } from '../../appliance/store/frames.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function start(dataDir: string): Promise<RunningAppliance> {
  return assembleAppliance(
    simulationConfig({ http: { host: '127.0.0.1', port: 0 } }),
    { reader: null, scanner: null, printer: null, camera: null, broker: null, close: async () => {} },
    { dataDir, uiDistDir: '/nonexistent' },
  );
}

async function takeTicket(url: string): Promise<string> {
  const res = await fetch(`${url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'consult', withCard: false }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { ticket: { number: string } }).ticket.number;
}

const newestSegment = (dataDir: string) =>
  join(
    dataDir,
    'log',
    readdirSync(join(dataDir, 'log'))
      .filter((n) => /^seg-\d+-\d+\.log$/.test(n))
      .sort((a, b) => a.slice(13).localeCompare(b.slice(13)) || a.localeCompare(b))
      .at(-1)!,
  );

const snapshot = (name: string) => (dataDir: string) => join(dataDir, 'log', name);

/**
 * Each file class (or files damaged together), and the source its repair is reported under. The
 * live snapshots exist only after compactions: those classes compact twice first (live.json,
 * live.prev.json and live.spare.json all on disk, the last ticket only in the newest).
 */
interface FileClass {
  pathsOf: (dataDir: string) => string[];
  source: string;
  compacted?: true;
  /** How many of the three tickets the live state still holds after: all from a snapshot copy; from the log alone, those after the previous snapshot. */
  liveAfter?: number;
}
const FILES: Record<string, FileClass> = {
  'newest log segment': { pathsOf: (d) => [newestSegment(d)], source: 'store' },
  'numbering reservations': { pathsOf: (d) => [join(d, 'log', 'numbering.json')], source: 'store' },
  'audit log': { pathsOf: (d) => [join(d, 'audit.log')], source: 'audit' },
  'outbox acks': { pathsOf: (d) => [join(d, 'outbox-acks.json')], source: 'outbox' },
  'live snapshot': {
    pathsOf: (d) => [snapshot('live.json')(d)],
    source: 'store',
    compacted: true,
    liveAfter: 3,
  },
  'previous live snapshot': {
    pathsOf: (d) => [snapshot('live.prev.json')(d)],
    source: 'store',
    compacted: true,
    liveAfter: 3,
  },
  'live snapshot and previous live snapshot together': {
    pathsOf: (d) => ['live.json', 'live.prev.json'].map((n) => snapshot(n)(d)),
    source: 'store',
    compacted: true,
    liveAfter: 3,
  },
  'live snapshot, previous and spare all together': {
    pathsOf: (d) => ['live.json', 'live.prev.json', 'live.spare.json'].map((n) => snapshot(n)(d)),
    source: 'store',
    compacted: true,
    liveAfter: 1,
  },
};

const DAMAGE: Record<string, (path: string) => void> = {
  'cut in the middle of a record': (path) => {
    const bytes = readFileSync(path);
    truncateSync(path, Math.floor(endOfNonZero(bytes) * 0.7));
  },
  'zero bytes': (path) => writeFileSync(path, Buffer.alloc(Math.max(64, statSync(path).size))),
  'random bytes': (path) =>
    writeFileSync(path, randomBytes(Math.min(Math.max(64, statSync(path).size), 1 << 20))),
};

for (const [fileName, { pathsOf, source, compacted, liveAfter }] of Object.entries(FILES)) {
  test(`the appliance starts after damage to its ${fileName}, and no acknowledged number is handed out again`, async () => {
    for (const [how, damage] of Object.entries(DAMAGE)) {
      const dataDir = mkdtempSync(join(tmpdir(), 'shequ-damage-'));
      dirs.push(dataDir, `${dataDir}-keys`);
      const first = await start(dataDir);
      const issued = [await takeTicket(first.url), await takeTicket(first.url)];
      const compact = () =>
        first.appliance.store.compact({
          today: first.appliance.store.all('ticket')[0]!.day,
          dayOf: (ts) => new Date(ts + 8 * 3_600_000).toISOString().slice(0, 10),
          isAcked: () => false,
        });
      if (compacted) await compact();
      issued.push(await takeTicket(first.url));
      if (compacted) await compact();
      await first.appliance.audit.append({
        ts: 1,
        staff: 'clerk',
        action: 'person.lookup',
        subjectRef: 'ref-a',
      });
      await first.close();
      for (const path of pathsOf(dataDir)) {
        if (!existsSync(path)) writeFileSync(path, '{"v":1,"through":3,"above":[]}'); // no ack came yet
        damage(path);
      }

      const second = await start(dataDir);
      try {
        const next = await takeTicket(second.url);
        assert.ok(!issued.includes(next), `${how}: ${next} was already handed out (${issued.join(' ')})`);
        assert.ok(
          Number(next.slice(1)) > 3,
          `${how}: numbering goes on above ${issued.at(-1)}, not from the start (${next})`,
        );
        const reports = second.appliance.log
          .recent()
          .filter((e) => e.level !== 'info' && e.source === source);
        assert.ok(reports.length > 0, `${how}: the repair of the ${fileName} is reported`);
        if (liveAfter !== undefined) {
          const live = second.appliance.store.all('ticket').map((t) => t.number);
          assert.ok(
            issued.slice(-liveAfter).every((n) => live.includes(n)),
            `${how}: the live state still holds ${issued.slice(-liveAfter).join(' ')} (${live.join(' ')})`,
          );
        }
        await second.appliance.audit.append({
          ts: 2,
          staff: 'clerk',
          action: 'person.lookup',
          subjectRef: 'ref-b',
        });
      } finally {
        await second.close();
      }
      const third = await start(dataDir);
      try {
        const after = await takeTicket(third.url);
        assert.ok(!issued.includes(after), `${how}: after a second restart too`);
      } finally {
        await third.close();
      }
    }
  });
}
