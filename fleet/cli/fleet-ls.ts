import type { MqttClient } from 'mqtt';
import { connectConsole } from '../console/connect.ts';
import { formatKioskDetail, formatKioskTable } from '../console/format.ts';
import { type KioskView, mergeKioskViews } from '../console/kiosk-view.ts';
import { type RetainedKiosk, readRetainedKiosks } from '../console/retained-kiosks.ts';
import { summariseTransactions } from '../console/tx-summary.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { queryKiosks } from '../kiosks/kiosk-store.ts';
import { readClientTls } from '../tls-files.ts';
import type { FleetArgs } from './fleet-args.ts';

type Values = FleetArgs['values'];

export const DEFAULT_BROKER = 'mqtt://127.0.0.1:1883';

/** Reads both sources the options name; with no database named, the broker is always read. */
async function withSources<T>(
  values: Values,
  fn: (db: CentralDb | undefined, retained: Map<string, RetainedKiosk>) => Promise<T>,
): Promise<T> {
  const dbUrl = values.db ?? values.data;
  const brokerUrl = values.broker ?? (dbUrl ? undefined : DEFAULT_BROKER);
  let db: CentralDb | undefined;
  let client: MqttClient | undefined;
  try {
    db = dbUrl ? await openCentralDb(dbUrl) : undefined;
    client = brokerUrl
      ? await connectConsole(brokerUrl, values.mqtt3 ? 4 : 5, await readClientTls(values))
      : undefined;
    const retained = client ? await readRetainedKiosks(client) : new Map<string, RetainedKiosk>();
    return await fn(db, retained);
  } finally {
    await client?.endAsync();
    await db?.close();
  }
}

async function views(db: CentralDb | undefined, retained: Map<string, RetainedKiosk>, kioskId?: string) {
  const rows = db ? await queryKiosks(db, kioskId) : [];
  const all = mergeKioskViews(rows, retained);
  return kioskId ? all.filter((v) => v.kioskId === kioskId) : all;
}

export async function runLs(values: Values): Promise<number> {
  const list = await withSources(values, (db, retained) => views(db, retained));
  process.stdout.write(
    values.json ? `${JSON.stringify(list, null, 2)}\n` : `${formatKioskTable(list, Date.now())}\n`,
  );
  return 0;
}

export async function runShow(values: Values, positionals: string[]): Promise<number> {
  const kioskId = positionals[0];
  if (!kioskId) {
    process.stderr.write('shequ fleet show: which kiosk? e.g. shequ fleet show K0001\n');
    return 2;
  }
  const { view, tx } = await withSources(values, async (db, retained) => {
    const [found] = await views(db, retained, kioskId);
    return { view: found, tx: await (db ? summariseTransactions(db, kioskId) : undefined) };
  });
  if (!view && !tx) {
    process.stderr.write(`shequ fleet show: kiosk ${kioskId} is not known to the sources read\n`);
    return 1;
  }
  const shown: KioskView = view ?? {
    kioskId,
    state: 'unknown',
    sess: undefined,
    since: undefined,
    reason: undefined,
    lastSeen: undefined,
    version: undefined,
    telemetry: undefined,
  };
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ ...shown, transactions: tx ?? null }, null, 2)}\n`
      : `${formatKioskDetail(shown, tx, Date.now())}\n`,
  );
  return 0;
}
