/**
 * Catch-up of the 差评 rectifications dataset: central acts on a centre's rectification while the
 * centre is offline and while no sharing service runs (a console started without --share-broker);
 * when sharing starts it brings the centre's stream to what central's records say, and the centre,
 * coming back, sees the retained head, asks for what it lacks and shows central's act on its
 * admin API. Mosquitto with the production ACL, PGlite, the console over HTTP, the appliance as it ships.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type RectificationsResponse, rectificationsApiPaths } from '../../contract/rectifications-api.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import { removeDirSync } from '../../test/support/cleanup.ts';
import { type ConsoleSession, consoleLogin } from '../../test/support/console-http.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import { type SharingKiosk, startSharingKiosk, until } from '../../test/support/sharing-kiosk.ts';
import { type RunningCentral, startCentral } from '../central/start.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { type SharingService, startSharingService } from './service.ts';
import { syncRectifications } from './shared-down.ts';

const KIOSK = 'K-SIM-0007';
const SITE = 'SITE-A';
const centralKey = generateSigningKey();

let dir: string;
let broker: FleetBroker;
let db: CentralDb;
let central: RunningCentral;
let sharing: SharingService | undefined;
let kiosk: SharingKiosk | undefined;
let supervisor: ConsoleSession;

const startKiosk = () =>
  startSharingKiosk({
    brokerUrl: broker.url,
    kioskId: KIOSK,
    password: broker.password,
    dataDir: join(dir, 'kiosk'),
    trusted: [centralKey.trusted],
    siteId: SITE,
    districtId: 'NS',
  });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-rect-catchup-'));
  broker = await startFleetBroker([KIOSK, 'svc-share', 'svc-ingest'], undefined, { [KIOSK]: SITE });
  db = await openCentralDb();
  // The console runs without sharing: its acts make no version of any dataset.
  central = await startCentral({
    db,
    broker: { url: broker.urlFor('svc-ingest'), workerId: 'rect-catchup' },
    demoAccounts: true,
    webDir: join(dir, 'no-web'),
  });
  kiosk = await startKiosk();
  supervisor = await consoleLogin(central.url, 'jiancha', 'demo-jiancha-1');
});

after(async () => {
  await kiosk?.close();
  await central?.close();
  await sharing?.close();
  await db?.close();
  await broker?.close();
  removeDirSync(dir);
});

test('acts on a rectification made while the centre was offline and no sharing ran reach it when it reconnects', async () => {
  const accepted = await kiosk!.acceptCase();
  const rating = await kiosk!.running.appliance.desk.ratings.rate({
    subject: { kind: 'case', id: accepted.id },
    score: 1,
    comment: '窗口人员态度差',
  });
  await until('the 差评 at central', async () => {
    const rows = (
      await supervisor.get<{ rows: Array<{ rating_id: string }> }>(`/api/rectifications?centre=${KIOSK}`)
    ).body.rows;
    return rows.some((r) => r.rating_id === rating.id);
  });

  await kiosk!.close(); // the centre goes offline
  kiosk = undefined;
  const url = `/api/rectifications/${KIOSK}/${encodeURIComponent(rating.id)}/act`;
  assert.equal((await supervisor.post(url, { action: 'reassign', to: '综合窗口李科长' })).status, 200);
  assert.equal((await supervisor.post(url, { action: 'escalate', to: '区监察科' })).status, 200);

  sharing = await startSharingService({
    db,
    brokerUrl: broker.urlFor('svc-share'),
    key: centralKey.signing,
    districtId: 'NS',
    sites: { [KIOSK]: SITE },
  });
  const ref = { dataset: 'rectifications', scope: 'kiosk', scopeId: KIOSK } as const;
  const head = await sharing.store.head(ref);
  assert.equal(head.entries, 1, 'sharing started with the centre’s rectification in its stream');
  assert.equal(await syncRectifications(db, sharing.store, sharing.hub), 0, 'a second sync changes nothing');

  kiosk = await startKiosk(); // the centre comes back
  const seen = await until('central’s acts at the centre', async () => {
    const list = (await kiosk!.api('GET', rectificationsApiPaths.list)).json as RectificationsResponse;
    const r = list.rectifications.find((x) => x.ratingId === rating.id);
    return r?.central?.escalated ? r : undefined;
  });
  assert.deepEqual(
    [
      seen.central?.state,
      seen.central?.assignee,
      seen.central?.escalated?.to,
      seen.central?.acts.map((a) => a.action),
    ],
    ['escalated', '综合窗口李科长', '区监察科', ['reassign', 'escalate']],
  );
  const reported = await until('the centre reports the version it applied', async () => {
    const rows = await sharing!.store.reported(ref);
    return rows.find((r) => r.kioskId === KIOSK && r.version === head.version);
  });
  assert.equal(reported.hash, head.hash);
});
