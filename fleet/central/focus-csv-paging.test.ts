/**
 * 重点监察's CSV reads its list in chunks, each after the last row of the one before (by day,
 * centre and id), not by OFFSET. Through HTTP, with many more rows than one chunk (set small),
 * and rows arriving while the client is still downloading: newer ones (ahead of where the export
 * has got to) and older ones (still to come). No row may come twice or be skipped.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { simDirectory } from '../simulate/district-stream.ts';
import { type RunningCentral, startCentral } from './start.ts';

const CHUNK = 50;
const ROWS = 12_000;

let pg: PostgresServer;
let central: RunningCentral;

before(async () => {
  pg = await startPostgres();
  central = await startCentral({
    db: pg.url,
    directory: simDirectory(3),
    demoAccounts: true,
    csvChunkRows: CHUNK,
  });
});

after(async () => {
  await central?.close();
  await pg?.stop();
});

/** Refused cases numbered `${prefix}-n`, n from `first`, spread over centres and the days given. */
async function addRefusals(prefix: string, first: number, count: number, days: readonly string[]) {
  await central.db.query(
    `INSERT INTO cases (kiosk_id, case_id, number, service_id, item_id, state, level, worst_level,
                        accept_clerk, clerk, accepted_day, closed_day, refusal_reason, state_seq, updated_ts)
     SELECT 'centre-0' || (1 + n % 3), $1 || '-' || n, $1 || '-' || n, 'assistance', 'dibao', 'refused', 'normal', 'normal',
            'clerk1', 'clerk2', d::date - 3, d::date, CASE WHEN n % 2 = 0 THEN '材料不全' END, 1, 0
       FROM generate_series($2::int, $2::int + $3::int - 1) n,
            LATERAL (SELECT ($4::text[])[1 + n % cardinality($4::text[])] AS d) day`,
    [prefix, first, count, days],
  );
}

async function supervisorCookie(): Promise<string> {
  const res = await fetch(`${central.url}api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'jiancha', password: 'demo-jiancha-1' }),
  });
  assert.equal(res.status, 200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/**
 * Downloads `path`; after the first bytes it stops reading (so the server, held back by the
 * socket, is mid-way through the list), runs `meanwhile`, then reads the rest.
 */
function downloadWithPause(path: string, cookie: string, meanwhile: () => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, central.url), { headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
      const parts: Buffer[] = [];
      let paused = false;
      res.on('data', (b: Buffer) => {
        parts.push(b);
        if (paused) return;
        paused = true;
        res.pause();
        meanwhile().then(() => res.resume(), reject);
      });
      res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

test('the 重点监察 CSV has every refusal once, over hundreds of chunks, while refusals keep arriving', async () => {
  const days = Array.from({ length: 26 }, (_, i) => `2025-03-${String(5 + i).padStart(2, '0')}`);
  await addRefusals('F', 0, ROWS, days);
  const cookie = await supervisorCookie();
  const csv = await downloadWithPause(
    '/api/supervision/focus.csv?kind=refusals&from=2025-03-01&to=2025-04-30',
    cookie,
    async () => {
      // Ahead of the export (newest first): an OFFSET would shift by these and repeat rows.
      await addRefusals('NEW', 0, 3 * CHUNK + 7, ['2025-04-10']);
      // Behind it (older than every row so far): a key-paged export reaches them, once.
      await addRefusals('OLD', 0, CHUNK + 3, ['2025-03-02']);
    },
  );
  const rows = parse(csv.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
  const numbers = rows.map((r) => r['办件编号 case number']!);
  const seen = new Map<string, number>();
  for (const n of numbers) seen.set(n, (seen.get(n) ?? 0) + 1);
  const repeated = [...seen].filter(([, k]) => k > 1).map(([n]) => n);
  assert.deepEqual(repeated.slice(0, 5), [], 'no row twice');
  const missing = Array.from({ length: ROWS }, (_, i) => `F-${i}`).filter((n) => !seen.has(n));
  assert.deepEqual(missing.slice(0, 5), [], 'no row that was there when the download began is skipped');
  assert.equal(
    numbers.filter((n) => n.startsWith('OLD-')).length,
    CHUNK + 3,
    'the rows that arrived behind the export are in it: it was still paging when they came',
  );
  assert.equal(
    numbers.filter((n) => n.startsWith('NEW-')).length,
    0,
    'rows ahead of it wait for the next export',
  );
  // Newest first throughout.
  const daysInOrder = rows.map((r) => r['日期 day']!);
  assert.deepEqual(daysInOrder, [...daysInOrder].sort().reverse());
});

test('the refusals list answers on PostgreSQL too (its SQL names no notice-days parameter)', async () => {
  const cookie = await supervisorCookie();
  const res = await fetch(
    `${central.url}api/supervision/focus?kind=refusals&from=2025-03-01&to=2025-04-30&size=20&page=2`,
    { headers: { cookie } },
  );
  assert.equal(res.status, 200);
  const body = (await res.json()) as { rows: Array<{ what: string }> };
  assert.equal(body.rows.length, 20);
  assert.ok(body.rows.every((r) => r.what === 'refusal'));
});
