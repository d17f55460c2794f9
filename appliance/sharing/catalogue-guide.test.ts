/**
 * The district's catalogue read by the kiosk's 办事指南 and the counter's acceptance form, through
 * HTTP: central publishes catalogue changes over a real mosquitto with the production ACL (a district
 * item and a site's override), the appliance assembled as it ships applies them, and the guide, the
 * acceptance form's item list, a new case's limits and the printed materials checklist (real ESC/POS
 * bytes on the virtual printer, decoded) follow central's text, and a copy of an item's form
 * prints with its blanks and download QR. An item only central lists joins the service it names:
 * the guide shows it and the counter accepts a case for it with central's limits (the site's
 * override's, where the site has one). Before any catalogue, the configuration is the source.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CaseItemView, PublicState } from '../../contract/api.ts';
import type { CatalogueItem, StreamRef } from '../../contract/sharing.ts';
import { type DecodedJob, startVirtualPrinter, type VirtualPrinter } from '../../drivers/printer/index.ts';
import { type CentralDb, openCentralDb } from '../../fleet/db/central-db.ts';
import { type SharingService, startSharingService } from '../../fleet/index.ts';
import { generateSigningKey } from '../../platform/bundle-signature.ts';
import { removeDirSync } from '../../test/support/cleanup.ts';
import { type FleetBroker, startFleetBroker } from '../../test/support/fleet-broker.ts';
import { stateWithGuide } from '../../test/support/guide-state.ts';
import {
  acceptCaseAt,
  type SharingKiosk,
  startSharingKiosk,
  until,
} from '../../test/support/sharing-kiosk.ts';
import { pairScreenAt } from '../http/test-appliance.ts';

const KIOSK = 'K-SIM-0001';
const SITE = 'SITE-A';
const DISTRICT = 'NS';
const centralKey = generateSigningKey();
const district: StreamRef = { dataset: 'catalogue', scope: 'district', scopeId: DISTRICT };
const site: StreamRef = { dataset: 'catalogue', scope: 'site', scopeId: SITE };

const tekun: CatalogueItem = {
  itemId: 'tekun',
  name: '特困人员救助供养审核确认',
  department: '区民政局',
  lifeEvents: ['retirement', 'after-death'],
  legalLimitDays: 40,
  promisedLimitDays: 7,
  materials: ['居民身份证', '户口簿', '家庭收入及财产申报表'],
  guide: '由本人或委托他人到社区服务中心提出书面申请，街道初审后报区民政局审核确认。',
  forms: [
    {
      name: '特困人员救助供养申请书',
      url: 'https://mz.example.gov.cn/forms/tekun-apply.pdf',
      fields: ['申请人姓名', '联系电话', '申请理由'],
    },
  ],
};
/** In no centre's configuration: only central lists it, under the centre's social-security service. */
const birthAllowance: CatalogueItem = {
  itemId: 'shengyu-jintie',
  name: '生育津贴申领',
  department: '区医保局',
  lifeEvents: ['birth', 'marriage-family'],
  legalLimitDays: 15,
  promisedLimitDays: 4,
  materials: ['居民身份证', '出生医学证明'],
  guide: '生育后一年内到社区服务中心申领。',
  forms: [],
  serviceId: 'social-security',
};
const sscAtSite: CatalogueItem = {
  itemId: 'ssc-new',
  name: '社保卡首次申领（本站点）',
  department: '区人社局',
  lifeEvents: ['employment'],
  legalLimitDays: 20,
  promisedLimitDays: 3,
  materials: ['居民身份证', '近期一寸免冠白底照片', '本站点领卡回执'],
  guide: '本站点当场制卡。',
  forms: [],
};

let dir: string;
let broker: FleetBroker;
let db: CentralDb;
let sharing: SharingService;
let printer: VirtualPrinter;
let kiosk: SharingKiosk;
let kioskScreen: { cookie: string };

const state = (): Promise<PublicState> => stateWithGuide(async (path) => (await kiosk.api('GET', path)).json);
const itemOf = (s: PublicState, itemId: string): CaseItemView | undefined =>
  s.services.flatMap((v) => v.caseItems).find((i) => i.id === itemId);

function nextJob(matching: (job: DecodedJob) => boolean): Promise<DecodedJob> {
  return new Promise((resolve) => {
    const onJob = (job: DecodedJob) => {
      if (!matching(job)) return;
      printer.off('job', onJob);
      resolve(job);
    };
    printer.on('job', onJob);
  });
}

async function printFrom(
  path: string,
  body: Record<string, string>,
  headers: Record<string, string>,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${kiosk.running.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}
const printChecklist = (itemId: string, headers: Record<string, string>) =>
  printFrom('/api/guide/checklist', { itemId }, headers);
const printForm = (itemId: string, form: string, headers: Record<string, string>) =>
  printFrom('/api/guide/form', { itemId, form }, headers);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shequ-catalogue-guide-'));
  broker = await startFleetBroker([KIOSK, 'svc-share'], undefined, { [KIOSK]: SITE });
  db = await openCentralDb();
  sharing = await startSharingService({
    db,
    brokerUrl: broker.urlFor('svc-share'),
    key: centralKey.signing,
    districtId: DISTRICT,
    sites: { [KIOSK]: SITE },
  });
  printer = await startVirtualPrinter({ port: 0 });
  kiosk = await startSharingKiosk({
    brokerUrl: broker.url,
    kioskId: KIOSK,
    password: broker.password,
    dataDir: join(dir, 'kiosk'),
    trusted: [centralKey.trusted],
    siteId: SITE,
    districtId: DISTRICT,
    printerUri: `tcp://127.0.0.1:${printer.port}`,
  });
  kioskScreen = await pairScreenAt(kiosk.running.url, join(dir, 'kiosk'), 'kiosk');
});

after(async () => {
  await kiosk?.close();
  await sharing?.close();
  await printer?.close();
  await db?.close();
  await broker?.close();
  removeDirSync(dir);
});

test('before any catalogue arrives the guide shows the configured items', async () => {
  const item = itemOf(await state(), 'tekun');
  assert.deepEqual(item?.materials, ['居民身份证']);
  assert.equal(item?.name, '特困人员救助供养申请');
  assert.equal(item?.department, undefined, 'no department until central says which');
});

test('central’s catalogue, with the site’s override, is what the guide and the acceptance form list', async () => {
  await sharing.hub.change(district, [
    { op: 'put', key: 'tekun', value: tekun },
    { op: 'put', key: 'ssc-new', value: { ...sscAtSite, name: '社保卡首次申领', materials: ['居民身份证'] } },
  ]);
  await sharing.hub.change(site, [{ op: 'put', key: 'ssc-new', value: sscAtSite }]);
  const seen = await until('the catalogue in the guide', async () => {
    const s = await state();
    return itemOf(s, 'ssc-new')?.name === sscAtSite.name && itemOf(s, 'tekun')?.name === tekun.name && s;
  });
  const guideItem = itemOf(seen, 'tekun')!;
  assert.deepEqual(guideItem.materials, tekun.materials);
  assert.equal(guideItem.department, '区民政局');
  assert.deepEqual(guideItem.lifeEvents, ['retirement', 'after-death']);
  assert.equal(guideItem.guide, tekun.guide);
  assert.equal(guideItem.promisedLimitDays, 7);
  assert.equal(guideItem.fee, '免费', 'the fee stays the centre’s');
  assert.deepEqual(itemOf(seen, 'ssc-new')?.materials, sscAtSite.materials, 'the site’s override wins');
  // An item central does not list stays as configured.
  assert.equal(itemOf(seen, 'dibao-apply')?.department, undefined);

  // The acceptance form's case gets central's name and limits: its receipt says so.
  const receipt = nextJob((job) => job.text.includes('受理回执') || job.text.includes(tekun.name));
  const accepted = await kiosk.acceptCase();
  const { json } = await kiosk.api('GET', '/api/staff/cases');
  const view = (json as { cases: Array<{ id: string; itemName: string }> }).cases.find(
    (c) => c.id === accepted.id,
  );
  assert.equal(view?.itemName, tekun.name);
  const printed = await receipt;
  assert.match(printed.text, new RegExp(tekun.name));
  assert.match(printed.text, /7个工作日|7 个工作日/);
});

test('the materials checklist prints central’s materials as real ESC/POS; only a kiosk or a clerk may print it', async () => {
  const job = nextJob((j) => j.text.includes('办事材料清单'));
  const res = await printChecklist('tekun', { cookie: kioskScreen.cookie });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.deepEqual(res.json, { printed: true });
  const printed = await job;
  for (const m of tekun.materials) assert.ok(printed.text.includes(m), `the checklist lists ${m}`);
  assert.ok(printed.text.includes(tekun.name));
  assert.ok(printed.text.includes('受理部门：区民政局'));
  assert.equal(printed.cuts, 1);

  const unknown = await printChecklist('no-such-item', { cookie: kioskScreen.cookie });
  assert.equal(unknown.status, 404);
  const stranger = await printChecklist('tekun', {});
  assert.ok(stranger.status === 401 || stranger.status === 403, `a stranger gets ${stranger.status}`);
});

test('a copy of an item’s form prints its blanks and its download address as a QR; only a kiosk or a clerk may print it', async () => {
  const form = tekun.forms[0]!;
  assert.deepEqual(itemOf(await state(), 'tekun')?.forms, tekun.forms, 'the guide lists the item’s forms');
  const job = nextJob((j) => j.text.includes(form.name));
  const res = await printForm('tekun', form.name, { cookie: kioskScreen.cookie });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.deepEqual(res.json, { printed: true });
  const printed = await job;
  assert.deepEqual(printed.qrCodes, [form.url]);
  for (const field of form.fields ?? [])
    assert.ok(printed.text.includes(`${field}：`), `a blank for ${field}`);
  assert.ok(printed.text.includes(`办理事项：${tekun.name}`));
  assert.ok(printed.text.includes('扫码下载电子表格'));
  assert.equal(printed.cuts, 1);

  assert.equal((await printForm('tekun', '没有这张表', { cookie: kioskScreen.cookie })).status, 404);
  assert.equal((await printForm('no-such-item', form.name, { cookie: kioskScreen.cookie })).status, 404);
  const stranger = await printForm('tekun', form.name, {});
  assert.ok(stranger.status === 401 || stranger.status === 403, `a stranger gets ${stranger.status}`);
});

type CaseDates = {
  id: string;
  itemName: string;
  acceptedDay: string;
  promisedDeadline: string;
  legalDeadline: string;
};
async function acceptedCase(itemId: string, n: number): Promise<CaseDates> {
  const accepted = await acceptCaseAt(kiosk.running, kiosk.api, 100 + n, itemId);
  const { json } = await kiosk.api('GET', '/api/staff/cases');
  return (json as { cases: CaseDates[] }).cases.find((c) => c.id === accepted.id)!;
}

test('an item only central lists appears under the service it names, and a case for it gets central’s limits, then the site’s', async () => {
  assert.equal(
    itemOf(await state(), birthAllowance.itemId),
    undefined,
    'not offered before central lists it',
  );
  await sharing.hub.change(district, [
    { op: 'put', key: birthAllowance.itemId, value: birthAllowance },
    // Central names a service this centre lacks: the item is not this centre's to accept.
    {
      op: 'put',
      key: 'elsewhere',
      value: { ...birthAllowance, itemId: 'elsewhere', serviceId: 'no-such-service' },
    },
  ]);
  const seen = await until('the new item in the guide', async () => {
    const s = await state();
    return itemOf(s, birthAllowance.itemId) && s;
  });
  const service = seen.services.find((v) => v.caseItems.some((i) => i.id === birthAllowance.itemId));
  assert.equal(service?.id, 'social-security');
  assert.deepEqual(itemOf(seen, birthAllowance.itemId), {
    id: birthAllowance.itemId,
    name: birthAllowance.name,
    legalLimitDays: 15,
    promisedLimitDays: 4,
    materials: birthAllowance.materials,
    fee: '免费',
    department: '区医保局',
    lifeEvents: ['birth', 'marriage-family'],
    guide: birthAllowance.guide,
  });
  assert.equal(itemOf(seen, 'elsewhere'), undefined);

  const calendar = kiosk.running.appliance.desk.calendar;
  const c = await acceptedCase(birthAllowance.itemId, 0);
  assert.equal(c.itemName, birthAllowance.name);
  assert.equal(c.promisedDeadline, calendar.deadline(c.acceptedDay, 4).day, 'promised: 4 working days');
  assert.equal(c.legalDeadline, calendar.deadline(c.acceptedDay, 15).day, 'legal: 15 working days');

  // The site's override of the same item sets the limits its cases get.
  await sharing.hub.change(site, [
    {
      op: 'put',
      key: birthAllowance.itemId,
      value: { ...birthAllowance, promisedLimitDays: 2, legalLimitDays: 10 },
    },
  ]);
  await until(
    'the site’s limits',
    async () => itemOf(await state(), birthAllowance.itemId)?.promisedLimitDays === 2,
  );
  const atSite = await acceptedCase(birthAllowance.itemId, 1);
  assert.equal(atSite.promisedDeadline, calendar.deadline(atSite.acceptedDay, 2).day);
  assert.equal(atSite.legalDeadline, calendar.deadline(atSite.acceptedDay, 10).day);

  // Central removes it from the district and the site: no longer offered.
  await sharing.hub.change(site, [{ op: 'del', key: birthAllowance.itemId }]);
  await sharing.hub.change(district, [{ op: 'del', key: birthAllowance.itemId }]);
  await until('the item gone', async () => itemOf(await state(), birthAllowance.itemId) === undefined);
});
