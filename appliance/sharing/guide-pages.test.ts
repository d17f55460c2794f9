/**
 * The guide's items leave the state stream: with thousands of the district's items offered, the
 * public state names only the guide's version (ETag) and size, and the items come in pages from
 * their own route, 304 while the version holds, new as soon as a catalogue version applies. The
 * appliance assembled as it ships, over HTTP.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PublicState } from '../../contract/api.ts';
import { type GuideItemsPage, guidePaths } from '../../contract/guide-api.ts';
import type { CatalogueItem } from '../../contract/sharing.ts';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { removeDirSync } from '../../test/support/cleanup.ts';
import { assembleAppliance, type RunningAppliance } from '../assemble.ts';
import { openHardware } from '../bindings/hardware.ts';
import type { CatalogueLookup } from '../core/catalogue-overlay.ts';

const ITEMS = 1200;
let dir: string;
let running: RunningAppliance;

const item = (n: number, name = `事项${n}`): CatalogueItem => ({
  itemId: `item-${n}`,
  name,
  department: '区人社局',
  lifeEvents: ['employment'],
  legalLimitDays: 20,
  promisedLimitDays: 10,
  materials: ['居民身份证', '申请表'],
  guide: `${name}的办事指南：携带材料到社保窗口办理。`.repeat(4),
  forms: [{ name: '申请表', url: 'https://example.org/f.pdf', fields: ['姓名', '电话'] }],
  serviceId: 'social-security',
});

function lookupOf(items: CatalogueItem[]): CatalogueLookup {
  const byId = new Map(items.map((i) => [i.itemId, i]));
  return { item: (id) => byId.get(id), items: () => items };
}

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${running.url}${path}`, { headers });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-guide-pages-'));
  const config = simulationConfig({ http: { host: '127.0.0.1', port: 0 } });
  running = await assembleAppliance(config, openHardware({}, null), {
    dataDir: join(dir, 'data'),
    uiDistDir: join(dir, 'no-ui'),
  });
  running.appliance.attachCatalogue(lookupOf(Array.from({ length: ITEMS }, (_, n) => item(n))));
});

after(async () => {
  await running?.close();
  removeDirSync(dir);
});

test('the state names the guide’s version and size only; the items come in pages that add up to it', async () => {
  const res = await get('/api/state');
  const text = await res.text();
  const state = JSON.parse(text) as PublicState;
  assert.deepEqual(
    state.services.map((s) => s.caseItems.length),
    state.services.map(() => 0),
  );
  assert.doesNotMatch(text, /事项1\b|办事指南/, 'no item travels in the state');
  const configured = simulationConfig().services.reduce((n, s) => n + s.caseItems.length, 0);
  assert.equal(state.guide?.items, configured + ITEMS);

  const pages: GuideItemsPage[] = [];
  let offset: number | undefined = 0;
  while (offset !== undefined) {
    const page = (await (
      await get(`${guidePaths.items}?offset=${offset}&limit=500`)
    ).json()) as GuideItemsPage;
    assert.equal(page.etag, state.guide?.etag, 'every page of one version');
    pages.push(page);
    offset = page.next;
  }
  assert.equal(pages.length, Math.ceil((configured + ITEMS) / 500));
  const entries = pages.flatMap((p) => p.entries);
  assert.equal(entries.length, configured + ITEMS);
  assert.deepEqual(
    entries.find((e) => e.item.id === `item-${ITEMS - 1}`),
    {
      serviceId: 'social-security',
      item: {
        id: `item-${ITEMS - 1}`,
        name: `事项${ITEMS - 1}`,
        legalLimitDays: 20,
        promisedLimitDays: 10,
        materials: ['居民身份证', '申请表'],
        fee: '免费',
        department: '区人社局',
        lifeEvents: ['employment'],
        guide: item(ITEMS - 1).guide,
        forms: item(ITEMS - 1).forms,
      },
    },
  );
  assert.equal((await get(`${guidePaths.items}?limit=1001`)).status, 400, 'a page is at most 1000');
});

test('a page is 304 while its version holds, and changes with the next catalogue version', async () => {
  const first = await get(`${guidePaths.items}?offset=0&limit=100`);
  const etag = first.headers.get('etag')!;
  assert.match(etag, /^"g-[0-9a-f]+-0-100"$/);
  assert.equal((await get(`${guidePaths.items}?offset=0&limit=100`, { 'if-none-match': etag })).status, 304);
  const before = ((await (await get('/api/state')).json()) as PublicState).guide!.etag;

  running.appliance.attachCatalogue(lookupOf([item(0, '就业登记（新）')]));
  const after = ((await (await get('/api/state')).json()) as PublicState).guide!;
  assert.notEqual(after.etag, before);
  const fresh = await get(`${guidePaths.items}?offset=0&limit=100`, { 'if-none-match': etag });
  assert.equal(fresh.status, 200);
  const page = (await fresh.json()) as GuideItemsPage;
  assert.equal(page.etag, after.etag);
  assert.ok(page.entries.some((e) => e.item.name === '就业登记（新）'));
});
