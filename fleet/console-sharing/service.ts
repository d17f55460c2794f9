/**
 * Data sharing as central runs it: the hub on its own broker login (svc-share, which alone may
 * write the datasets), on the central database, with the console module that feeds it. Kiosk →
 * site comes from the enrolment registry (or a given map), read again on every lookup so a newly
 * enrolled kiosk gets its site's streams at once.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions } from 'mqtt';
import type { SigningKey } from '../../platform/bundle-signature.ts';
import { serviceClientId } from '../broker/client-id.ts';
import type { ConsoleModule } from '../central/module.ts';
import type { CentralDb } from '../db/sql.ts';
import { EnrolmentRegistry } from '../enroll/registry.ts';
import { redactUrl } from '../redact-url.ts';
import { DatasetStore } from '../sharing/dataset-store.ts';
import { SharingHub } from '../sharing/hub.ts';
import { migrateSharing } from '../sharing/schema.ts';
import { consoleSharingModule } from './module.ts';
import { syncNotices } from './notices-sync.ts';
import { sharedDownHooks, syncRectifications } from './shared-down.ts';

export interface SharingServiceOptions {
  db: CentralDb;
  /** The broker, with the svc-share login in the URL or in `mqttOptions`. */
  brokerUrl: string;
  mqttOptions?: IClientOptions;
  /** Central's key that kiosks pinned at enrolment (the configuration signing key). */
  key: SigningKey;
  districtId: string;
  /** Central's data directory (its enrolment registry knows each kiosk's site). */
  dataDir?: string;
  /** Kiosk → site, over what the registry says. */
  sites?: Record<string, string>;
  log?: (line: string) => void;
}

export interface SharingService {
  hub: SharingHub;
  store: DatasetStore;
  module: ConsoleModule;
  close(): Promise<void>;
}

export async function startSharingService(opts: SharingServiceOptions): Promise<SharingService> {
  await migrateSharing(opts.db);
  const registry = opts.dataDir ? new EnrolmentRegistry(opts.dataDir) : undefined;
  const siteMap = async (): Promise<Map<string, string>> => {
    const map = new Map<string, string>();
    for (const k of (await registry?.kiosks().catch(() => [])) ?? []) map.set(k.kioskId, k.siteId);
    for (const [k, s] of Object.entries(opts.sites ?? {})) map.set(k, s);
    return map;
  };
  const client = await mqtt.connectAsync(opts.brokerUrl, {
    clientId: serviceClientId(
      opts.brokerUrl,
      undefined,
      'share',
      `share-${randomBytes(4).toString('hex')}`,
      opts.mqttOptions?.username,
    ),
    protocolVersion: 5,
    clean: true,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
    ...opts.mqttOptions,
  });
  let lastError = '';
  client.on('error', (err) => {
    if (err.message !== lastError) opts.log?.(`sharing: broker ${redactUrl(opts.brokerUrl)}: ${err.message}`);
    lastError = err.message;
  });
  const store = new DatasetStore(opts.db, opts.key);
  const hub = new SharingHub({
    client,
    store,
    key: opts.key,
    districtId: opts.districtId,
    siteOf: async (k) => (await siteMap()).get(k),
    ...(opts.log ? { log: opts.log } : {}),
  });
  await hub.start();
  await hub.republishHeads();
  // Notices recorded before sharing ran go down once; from now on every act publishes its own.
  await syncNotices(opts.db, store, hub).catch((err: Error) =>
    opts.log?.(`sharing: notices not shared: ${err.message}`),
  );
  // Likewise central's acts on 差评 rectifications, and the centres' answers, from before it ran.
  await syncRectifications(opts.db, store, hub).catch((err: Error) =>
    opts.log?.(`sharing: rectifications not shared: ${err.message}`),
  );
  const sharedDown = sharedDownHooks(store, hub);
  return {
    hub,
    store,
    module: { ...consoleSharingModule({ hub, store, key: opts.key }), sharedDown },
    close: async () => {
      await client.endAsync(true);
      await hub.close();
    },
  };
}
