/**
 * The district data centre on a simulated year: 20 centres (about 6M transactions, the shapes the
 * kiosks send) go into PostgreSQL 15 through ingest's own batch writer with two writers side by
 * side, keeping every projection; then each console page's API is asked 20 times with varied
 * filters over HTTP. Anchors, in the same run and on the same server: the same transactions
 * stored raw only (ingest as it was, no projections), and each page's question asked naively of
 * the raw `transactions` table (jsonb, latest state per case folded at query time).
 * SHEQU_BENCH_YEAR_SHARE=0.05 runs on a share of the year (quick look); the default is the year.
 */
import { percentile, round } from '../../bench/types.ts';
import type { TxEnvelope } from '../../contract/mqtt.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { type RunningCentral, startCentral } from '../central/start.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import type { IncomingTx } from '../ingest/store-batch.ts';
import { storeResilient } from '../ingest/store-resilient.ts';
import { projectionOptions } from '../projections/options.ts';
import { districtStream, simDirectory } from '../simulate/district-stream.ts';

const CENTRES = 20;
const TICKETS_PER_DAY = 285;
const BATCH = 500;
const WRITERS = 2;
const RUNS = 20;
const NAIVE_RUNS = 5;
const FROM = '2025-01-01';

const item = (tx: TxEnvelope): IncomingTx => ({
  topic: '',
  payload: Buffer.alloc(0),
  parsed: { kind: 'valid', tx },
});

/** Streams `txs` into the database in batches, WRITERS at a time; returns transactions per second. */
async function load(
  db: CentralDb,
  txs: Iterable<TxEnvelope>,
  project: boolean,
  limit = Infinity,
): Promise<{ n: number; perS: number }> {
  const projection = project ? projectionOptions() : null;
  const inFlight = new Set<Promise<unknown>>();
  let batch: TxEnvelope[] = [];
  let n = 0;
  const t0 = performance.now();
  const flush = async () => {
    const items = batch.map(item);
    batch = [];
    // The ingest worker's own path: retries, and one transaction per group of centres side by side.
    const p = storeResilient(db, 'bench', items, projection);
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= WRITERS) await Promise.race(inFlight);
  };
  for (const tx of txs) {
    if (n >= limit) break;
    batch.push(tx);
    n++;
    if (batch.length === BATCH) await flush();
  }
  if (batch.length) await flush();
  await Promise.all(inFlight);
  return { n, perS: round(n / ((performance.now() - t0) / 1000), 0) };
}

function* take(it: Iterator<TxEnvelope>, n: number): Generator<TxEnvelope> {
  for (let i = 0; i < n; i++) {
    const next = it.next();
    if (next.done) return;
    yield next.value;
  }
}

async function timed(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return round(percentile(ms, 95), 1);
}

const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/** Each page's question over HTTP (ours) and as a naive query of the raw table (anchor). */
function pages(lastDay: string, days: number) {
  const pick = <T>(list: T[], i: number) => list[i % list.length]!;
  const centres = Array.from({ length: CENTRES }, (_, i) => `centre-${String(i + 1).padStart(2, '0')}`);
  const recentDays = Array.from({ length: 20 }, (_, i) => addDays(lastDay, -i));
  const monthStart = addDays(lastDay, -29);
  const latestCases = (where: string) => `WITH latest AS (
      SELECT DISTINCT ON (kiosk_id, body->>'caseId') kiosk_id, body FROM transactions
       WHERE type IN ('case.accepted', 'case.changed') ${where}
       ORDER BY kiosk_id, body->>'caseId', seq DESC)`;
  return [
    {
      name: 'today',
      http: (i: number) => `/api/overview/today?day=${pick(recentDays, i)}`,
      naive: (i: number) => ({
        sql: `${latestCases('')}
          SELECT k, (SELECT count(*) FROM transactions WHERE kiosk_id = k AND type = 'ticket.issued' AND body->>'day' = $1) AS issued,
                 (SELECT count(*) FROM transactions WHERE kiosk_id = k AND type = 'case.accepted' AND body->>'acceptedDay' = $1) AS accepted,
                 (SELECT count(*) FROM latest WHERE kiosk_id = k AND body->>'state' IN ('accepted', 'in-progress', 'suspended')) AS open
            FROM unnest($2::text[]) k`,
        params: [pick(recentDays, i), centres],
      }),
    },
    {
      name: 'trends',
      http: (i: number) =>
        `/api/overview/trend?by=month&from=${FROM}&to=${lastDay}${i % 2 ? `&centre=${pick(centres, i)}` : ''}`,
      naive: (i: number) => ({
        sql: `SELECT left(coalesce(body->>'day', body->>'acceptedDay'), 7) AS m, type, count(*) FROM transactions
               WHERE type IN ('ticket.issued', 'case.accepted', 'rating.given') ${i % 2 ? 'AND kiosk_id = $1' : 'AND $1::text IS NOT NULL'}
               GROUP BY 1, 2`,
        params: [pick(centres, i)],
      }),
    },
    {
      name: 'breakdown',
      http: () => `/api/overview/breakdown?by=centre&from=${monthStart}&to=${lastDay}`,
      naive: () => ({
        sql: `SELECT kiosk_id, count(*) FILTER (WHERE type = 'case.accepted') AS accepted,
                     count(*) FILTER (WHERE body->>'change' = 'complete') AS completed,
                     count(*) FILTER (WHERE type = 'ticket.issued') AS issued
                FROM transactions WHERE coalesce(body->>'completedDay', body->>'acceptedDay', body->>'day') BETWEEN $1 AND $2
               GROUP BY 1`,
        params: [monthStart, lastDay],
      }),
    },
    {
      name: 'cases',
      http: (i: number) => `/api/cases?centre=${pick(centres, i)}&state=open`,
      naive: (i: number) => ({
        sql: `${latestCases('AND kiosk_id = $1')}
          SELECT * FROM latest WHERE body->>'state' IN ('accepted', 'in-progress', 'suspended')
           ORDER BY body->>'acceptedDay' DESC LIMIT 50`,
        params: [pick(centres, i)],
      }),
    },
    {
      name: 'cases_filtered',
      http: (i: number) => `/api/cases?worst=yellow&from=${addDays(lastDay, -60 - (i % 30))}&to=${lastDay}`,
      naive: (i: number) => ({
        sql: `${latestCases('')}
          SELECT * FROM latest WHERE body->>'worstLevel' = 'yellow' AND body->>'acceptedDay' >= $1
           ORDER BY body->>'acceptedDay' DESC LIMIT 50`,
        params: [addDays(lastDay, -60 - (i % 30))],
      }),
    },
    {
      name: 'ratings',
      http: (i: number) =>
        `/api/ratings?poor=1&from=${monthStart}&to=${lastDay}${i % 2 ? `&centre=${pick(centres, i)}` : ''}`,
      naive: () => ({
        sql: `SELECT * FROM transactions WHERE type = 'rating.given' AND (body->>'score')::int <= 2
               AND body->>'day' BETWEEN $1 AND $2 ORDER BY body->>'day' DESC LIMIT 50`,
        params: [monthStart, lastDay],
      }),
    },
    {
      name: 'rectifications',
      http: () => `/api/rectifications?state=pending`,
      naive: () => ({
        sql: `SELECT kiosk_id, count(*) FROM transactions WHERE type = 'rating.given' AND (body->>'score')::int <= 2 GROUP BY 1`,
        params: [],
      }),
    },
    {
      name: 'tickets',
      http: (i: number) => `/api/tickets?centre=${pick(centres, i)}&day=${pick(recentDays, i)}`,
      naive: (i: number) => ({
        sql: `SELECT * FROM transactions WHERE kiosk_id = $1 AND type LIKE 'ticket.%' AND
                (body->>'day' = $2 OR to_char(to_timestamp(ts / 1000) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') = $2)
               ORDER BY seq LIMIT 50`,
        params: [pick(centres, i), pick(recentDays, i)],
      }),
    },
  ].map((p) => ({ ...p, days }));
}

async function login(central: RunningCentral): Promise<string> {
  const res = await fetch(`${central.url}api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo-admin-123' }),
  });
  if (!res.ok) throw new Error(`login: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

export async function bench() {
  const share = Number(process.env.SHEQU_BENCH_YEAR_SHARE ?? '1');
  const days = Math.max(14, Math.round(365 * share));
  const pg = await startPostgres();
  const db = await openCentralDb(pg.url);
  await db.query('CREATE DATABASE anchor');
  const anchorDb = await openCentralDb(pg.url.replace(/\/postgres$/, '/anchor'));
  try {
    const opts = { centres: CENTRES, from: FROM, days, ticketsPerDay: TICKETS_PER_DAY, seed: 2025 };
    // The first 300,000 transactions are timed both ways; the rest of the year is loaded with projections.
    const measured = Math.min(300_000, Math.round(6_000_000 * share * 0.5));
    // Generated before the clock starts (the kiosks' work, not central's), the same slice both ways.
    const stream = districtStream(opts)[Symbol.iterator]();
    const timedSlice = [...take(stream, measured)];
    const anchorLoad = await load(anchorDb, timedSlice, false);
    const projected = await load(db, timedSlice, true);
    timedSlice.length = 0;
    const rest = await load(db, { [Symbol.iterator]: () => stream }, true);
    const total = projected.n + rest.n;
    const [last] = await db.query<{ d: string }>('SELECT max(day)::text AS d FROM ticket_stats');
    // Ingest runs all day in production and autovacuum keeps the visibility maps (index-only scans)
    // and statistics current; right after a bulk load that is one VACUUM, on both databases.
    await db.query('VACUUM (ANALYZE)');
    // The naive questions get the whole year too: load the anchor database with the same raw rows.
    await load(anchorDb, districtStream(opts), false);
    await anchorDb.query('VACUUM (ANALYZE)');

    const central = await startCentral({ db, demoAccounts: true, directory: simDirectory(CENTRES) });
    const cookie = await login(central);
    const metrics: Record<string, number> = {
      projection_tx_per_s: projected.perS,
      transactions: total,
      year_load_tx_per_s: round(
        (projected.n + rest.n) / (projected.n / projected.perS + rest.n / rest.perS),
        0,
      ),
    };
    const anchor: Record<string, number> = { projection_tx_per_s: anchorLoad.perS };
    const ratio: Record<string, number> = { projection_tx_per_s: round(projected.perS / anchorLoad.perS, 2) };
    for (const page of pages(last!.d, days)) {
      let i = 0;
      const ours = await timed(async () => {
        const res = await fetch(`${central.url}${page.http(i++).slice(1)}`, { headers: { cookie } });
        if (!res.ok) throw new Error(`${page.name}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }, RUNS);
      let j = 0;
      const naive = await timed(async () => {
        const q = page.naive(j++);
        await anchorDb.query(q.sql, q.params);
      }, NAIVE_RUNS);
      metrics[`page_p95_ms.${page.name}`] = ours;
      anchor[`page_p95_ms.${page.name}`] = naive;
      ratio[`page_p95_ms.${page.name}`] = round(ours / naive, 3);
    }
    await central.close();
    return {
      name: 'central-console',
      metrics,
      anchor,
      ratio,
      notes:
        `${total} transactions, ${CENTRES} centres, ${days} days from ${FROM}; PostgreSQL 15, ${WRITERS} writers, batches of ${BATCH}. ` +
        "projection_tx_per_s: raw row + every projection in one transaction per group of centres (the ingest worker's storeResilient), anchor: raw row only, same path; the timed slice is generated before the clock starts. " +
        'Both databases are vacuumed after the load (what autovacuum does under steady ingest). ' +
        'page_p95_ms: the console API over HTTP (fastify, JSON), anchor: the same question asked of the raw transactions table (SQL only).',
    };
  } finally {
    await anchorDb.close();
    await db.close();
    await pg.stop();
  }
}
