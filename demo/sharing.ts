/**
 * Data sharing in the demo: central's dataset key kept in the demo's data directory (the demo
 * kiosk pins it, as a real one does at enrolment), the hub on the embedded broker's console login,
 * and a first catalogue made from the demo centre's own items so the kiosk's 办事指南 has something
 * to show on a fresh start.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplianceConfig } from '../contract/config/schema.ts';
import type { CatalogueItem, StreamRef } from '../contract/sharing.ts';
import { type CentralDb, type SharingService, startSharingService } from '../fleet/index.ts';
import {
  generateSigningKey,
  type SigningKey,
  type TrustedKey,
  trustedKeyOf,
} from '../platform/bundle-signature.ts';

export const DEMO_DISTRICT = 'demo-district';

function demoKey(dataDir: string): SigningKey {
  const file = join(dataDir, 'central-share-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SigningKey;
  const { signing } = generateSigningKey();
  writeFileSync(file, `${JSON.stringify(signing)}\n`, { mode: 0o600 });
  return signing;
}

/** Which department decides the demo centre's items, and the life events the district files them under. */
const DEMO_FILING: Record<string, Pick<CatalogueItem, 'department' | 'lifeEvents'>> = {
  'ssc-new': { department: '区人社局', lifeEvents: ['birth', 'employment'] },
  'dibao-apply': { department: '区民政局', lifeEvents: ['employment', 'retirement'] },
  'elderly-allowance': { department: '区民政局', lifeEvents: ['retirement'] },
  'residence-permit': { department: '区公安分局', lifeEvents: ['schooling', 'employment'] },
};

/** The demo centre's case items as the district's catalogue. */
function catalogueOf(config: ApplianceConfig): CatalogueItem[] {
  return config.services.flatMap((s) =>
    s.caseItems.map((i) => ({
      itemId: i.id,
      name: i.name,
      ...(DEMO_FILING[i.id] ?? { department: s.name, lifeEvents: [] }),
      legalLimitDays: i.legalLimitDays,
      promisedLimitDays: i.promisedLimitDays,
      materials: i.materials,
      guide: `请携带所列材料到${s.name}窗口办理；承诺${i.promisedLimitDays}个工作日内办结（法定${i.legalLimitDays}个工作日）。`,
      forms: [],
    })),
  );
}

export async function startDemoSharing(opts: {
  dataDir: string;
  db: CentralDb;
  brokerUrl: string;
  login: { username: string; password: string };
  protocolVersion: 4 | 5;
  config: ApplianceConfig;
}): Promise<{ service: SharingService; trusted: TrustedKey }> {
  const key = demoKey(opts.dataDir);
  const service = await startSharingService({
    db: opts.db,
    brokerUrl: opts.brokerUrl,
    mqttOptions: {
      username: opts.login.username,
      password: opts.login.password,
      protocolVersion: opts.protocolVersion,
    },
    key,
    districtId: DEMO_DISTRICT,
  });
  const ref: StreamRef = { dataset: 'catalogue', scope: 'district', scopeId: DEMO_DISTRICT };
  const items = catalogueOf(opts.config);
  if ((await service.store.head(ref)).version === 0 && items.length > 0)
    await service.hub.change(
      ref,
      items.map((value) => ({ op: 'put', key: value.itemId, value })),
    );
  return { service, trusted: trustedKeyOf(key) };
}
