/**
 * The catalogue snapshot alone (issue 17, the first figure of sharing.bench.ts without its fleet
 * parts): a 10,000-item revision-2 catalogue (guides, materials, forms with fields, the service each
 * belongs to) to one kiosk by chunked, signed snapshot, time and bytes on the wire beside the raw
 * entries gzipped and one bare QoS 1 message of that size. Then what the catalogue costs the
 * kiosk's screens: the guide's items in the public state once every central item that names one of
 * the demo centre's services is offered there (bytes, and the median time to build them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseItemView, offeredServices } from '../../../appliance/core/catalogue-overlay.ts';
import { guidePage, guideSummary } from '../../../appliance/core/guide-pages.ts';
import { catalogueLookup } from '../../../appliance/sharing/catalogue.ts';
import { type BenchResult, median, round } from '../../../bench/types.ts';
import { simulationConfig } from '../../../firmware-config/sim-config.ts';
import { generateSigningKey } from '../../../platform/bundle-signature.ts';
import { startMosquitto } from '../../../test/support/mosquitto.ts';
import { openCentralDb } from '../../db/central-db.ts';
import { DatasetStore } from '../dataset-store.ts';
import { SharingHub } from '../hub.ts';
import { migrateSharing } from '../schema.ts';
import { BENCH_DISTRICT, catalogueFirstSync, connectBench } from './catalogue-first-sync.ts';

const ITEMS = Number(process.env.SHEQU_BENCH_ITEMS ?? 10_000);

export async function bench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-catalogue-bench-'));
  const broker = await startMosquitto();
  const db = await openCentralDb();
  const key = generateSigningKey();
  try {
    await migrateSharing(db);
    const store = new DatasetStore(db, key.signing);
    const hubClient = await connectBench(broker.url, 'svc-share.bench');
    const hub = new SharingHub({
      client: hubClient,
      store,
      key: key.signing,
      districtId: BENCH_DISTRICT,
      siteOf: async () => undefined,
    });
    await hub.start();
    const sync = await catalogueFirstSync({ brokerUrl: broker.url, hub, store, key, dir, items: ITEMS });
    await sync.client.endAsync();
    hubClient.end(true);

    // The guide's items as the public state carries them, every central item offered.
    const services = simulationConfig().services;
    const lookup = catalogueLookup(sync.kiosk.streams);
    const build = () =>
      offeredServices(services, lookup).map(({ service, items }) => ({
        id: service.id,
        caseItems: items.map(caseItemView),
      }));
    const offered = build().reduce((n, s) => n + s.caseItems.length, 0);
    const stateBytes = Buffer.byteLength(JSON.stringify(build()));
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      JSON.stringify(build());
      times.push(performance.now() - t);
    }
    // Now: the state names the guide's version and size, its services without items; pages of 500.
    const nowState = () => ({
      services: services.map((s) => ({ id: s.id, caseItems: [] })),
      guide: guideSummary(services, lookup),
    });
    const nowStateBytes = Buffer.byteLength(JSON.stringify(nowState()));
    const nowTimes: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      JSON.stringify(nowState());
      nowTimes.push(performance.now() - t);
    }
    let pageBytes = 0;
    let pages = 0;
    for (let offset: number | undefined = 0; offset !== undefined; pages++) {
      const page = guidePage(services, lookup, offset, 500);
      pageBytes += Buffer.byteLength(JSON.stringify(page));
      offset = page.next;
    }

    return {
      name: 'catalogue-snapshot',
      metrics: {
        snapshotMs: round(sync.snapshotMs, 1),
        snapshotWireBytes: sync.wireBytes,
        guideItemsOffered: offered,
        guideStateBytes: stateBytes,
        guideStateBuildMedianMs: round(median(times), 2),
        stateGuideBytesNow: nowStateBytes,
        stateGuideBuildMedianMsNow: round(median(nowTimes), 3),
        guidePages: pages,
        guidePagesBytes: pageBytes,
      },
      anchor: {
        rawGzipBytes: sync.rawGzipBytes,
        bareSnapshotMs: round(sync.bareSnapshotMs, 1),
      },
      ratio: {
        wireBytesOverGzip: round(sync.wireBytes / sync.rawGzipBytes),
        snapshotTime: round(sync.snapshotMs / sync.bareSnapshotMs, 1),
        stateBytesNowOverBefore: round(nowStateBytes / stateBytes, 5),
      },
      notes: `${ITEMS}-item revision-2 catalogue first sync (signed manifest, 256 KiB chunks, base64 on the wire, kiosk verifies and writes it durably) vs one bare QoS 1 message of the gzip's size. guideState*: before, the services' caseItems in the kiosk's public state (sent on every state change) when all ${offered} central items that name one of the demo centre's services are offered there, serialised. stateGuide*Now: what the state carries of the guide now (its services without items, the guide's ETag and size); the items go once per catalogue version in ${pages} ETagged pages of 500 (guidePagesBytes in all), 304 while the version holds.`,
    };
  } finally {
    await db.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
