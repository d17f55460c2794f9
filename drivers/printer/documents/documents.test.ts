import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { type PrinterProfile, printerProfiles } from '../profiles.ts';
import { sampleTicket } from '../test-support.ts';
import type { DecodedContent } from '../types.ts';
import { decodeEscPos } from '../virtual/escpos-decoder.ts';
import { type AcceptanceReceiptDocument, buildAcceptanceReceiptJob } from './acceptance-receipt.ts';
import { buildMaterialsChecklistJob, type MaterialsChecklistDocument } from './materials-checklist.ts';
import { buildTestPageJob } from './test-page.ts';
import { buildTicketJob } from './ticket.ts';

const receipt: AcceptanceReceiptDocument = {
  centreName: '幸福里社区服务中心',
  applicationNumber: 'SL20261127-0042',
  serviceItem: '最低生活保障待遇申请（城乡低保）',
  applicantMasked: '𠮷*',
  idNumberMasked: '110101********003X',
  materialsReceived: [
    { name: '居民身份证', original: true, copies: 1 },
    { name: '户口簿（户主页及本人页）', copies: 2 },
    { name: '家庭成员收入证明及财产状况申报表（含银行存款、车辆、房产）', original: true },
  ],
  acceptedAt: new Date('2026-11-27T01:30:00Z'),
  promisedDeadline: new Date('2026-12-04T08:00:00Z'),
  promisedWorkingDays: 5,
  legalDeadline: new Date('2026-12-11T08:00:00Z'),
  deadlineWorkingDays: 10,
  clerk: '李工号0123',
  counter: '3号窗口',
  progressQrPayload: 'https://q.example.cn/case/SL20261127-0042',
  contactPhone: '010-12345678',
};

const checklist: MaterialsChecklistDocument = {
  centreName: '幸福里社区服务中心',
  serviceName: '社保卡补换领',
  materials: [
    { name: '居民身份证', original: true },
    { name: '近期免冠彩色证件照（白底）', copies: 1, note: '可现场拍摄' },
    { name: '代办人身份证', original: true, required: false },
  ],
  notes: ['补卡工本费 ¥20.00，以现场公示为准'],
  printedAt: new Date('2026-11-27T06:00:00Z'),
  guideQrPayload: 'https://q.example.cn/guide/sbk',
};

/** Printed width of a decoded line in Font A columns (a 2-byte code is two, a wide line doubles). */
function printedColumns(line: DecodedContent['lines'][number]): number {
  let n = 0;
  for (const ch of line.text) n += iconv.encode(ch, 'gb18030').length >= 2 ? 2 : 1;
  return line.doubleWidth ? n * 2 : n;
}

function assertFits(job: DecodedContent, profile: PrinterProfile): void {
  for (const line of job.lines) {
    assert.ok(
      printedColumns(line) <= profile.columns,
      `'${line.text}' is wider than ${profile.columns} columns`,
    );
  }
}

test('acceptance receipt carries number, item, masked applicant, materials, deadline, clerk and QR', async () => {
  const job = decodeEscPos(await buildAcceptanceReceiptJob(receipt));
  assert.match(job.text, /受理回执/);
  assert.match(job.text, /受理编号：SL20261127-0042/);
  assert.match(job.text, /服务事项：最低生活保障待遇申请/);
  assert.match(job.text, /证件号码：110101\*{8}003X/);
  assert.match(job.text, /承诺办结：2026年12月04日前（5个工作日）/);
  assert.match(job.text, /法定期限：2026年12月11日前（10个工作日）/);
  assert.doesNotMatch(job.text, /暂定|补打/, 'a first print of settled deadlines says neither');
  assert.match(job.text, /1\. 居民身份证 +原件、复印件1份/);
  assert.match(job.text, /户口簿（户主页及本人页） +复印件2份/);
  assert.match(job.text, /李工号0123（3号窗口）/);
  assert.deepEqual(job.qrCodes, [receipt.progressQrPayload]);
  assert.equal(job.cuts, 1);
  assert.equal(job.images, 1, 'the applicant line with 𠮷 is a raster image');
  assert.doesNotMatch(job.text, /申 请 人/);
  assert.doesNotMatch(job.text, /\?/);
});

test('every document fits the paper on every profile', async () => {
  for (const profile of Object.values(printerProfiles)) {
    const jobs = [
      await buildTicketJob({ ...sampleTicket, serviceName: '城乡居民基本养老保险参保登记' }, profile),
      await buildAcceptanceReceiptJob(receipt, profile),
      await buildMaterialsChecklistJob(checklist, profile),
      await buildTestPageJob(profile, { now: new Date(0) }),
    ];
    for (const bytes of jobs) assertFits(decodeEscPos(bytes), profile);
  }
});

test('a long material name wraps and its terms stay right-aligned on the next line', async () => {
  const job = decodeEscPos(await buildAcceptanceReceiptJob(receipt));
  const i = job.lines.findIndex((l) => l.text.startsWith('3. 家庭成员收入证明'));
  assert.ok(i >= 0);
  const terms = job.lines.slice(i).find((l) => l.text === '原件');
  assert.equal(terms?.align, 'right');
});

test('materials checklist marks required and optional items and uses the full-width yuan sign', async () => {
  const job = decodeEscPos(await buildMaterialsChecklistJob(checklist));
  assert.match(job.text, /办事材料清单/);
  assert.match(job.text, /□1\. 居民身份证 +原件/);
  assert.match(job.text, /○3\. 代办人身份证/);
  assert.match(job.text, /可现场拍摄/);
  assert.match(job.text, /工本费 ￥20\.00/);
  assert.deepEqual(job.qrCodes, [checklist.guideQrPayload]);
  assert.equal(job.cuts, 1);
});

test('test page shows sizes, a raster line for rare characters, a QR and a barcode', async () => {
  const job = decodeEscPos(await buildTestPageJob(printerProfiles['generic-80mm-zh'], { now: new Date(0) }));
  assert.ok(job.lines.some((l) => l.text === '倍宽 Wide' && l.doubleWidth && !l.doubleHeight));
  assert.ok(job.lines.some((l) => l.text === '倍高 Tall' && l.doubleHeight && !l.doubleWidth));
  assert.ok(job.lines.some((l) => l.text === '右对齐 Right' && l.align === 'right'));
  assert.equal(job.images, 1);
  assert.deepEqual(job.barcodes, ['SHEQU-TEST-0001']);
  assert.equal(job.qrCodes.length, 1);
});

test('the 58 mm profile prints the QR as a raster image (clones without GS ( k)', async () => {
  const bytes = await buildTicketJob(sampleTicket, printerProfiles['generic-58mm-zh']);
  const job = decodeEscPos(bytes);
  assert.equal(job.qrCodes.length, 0);
  assert.equal(job.images, 1);
  assert.equal(bytes.indexOf(Buffer.from([0x1d, 0x28, 0x6b])), -1);
  assert.ok((job.rasters?.[0]?.widthDots ?? 999) <= 384);
});

test('a caller-made profile with only the phase-1 fields gets safe defaults', async () => {
  const minimal: PrinterProfile = { id: 'kiosk-58', name: 'Kiosk 58 mm', widthDots: 384, columns: 32 };
  const bytes = await buildTicketJob({ ...sampleTicket, centreName: '堃园社区服务中心' }, minimal);
  const job = decodeEscPos(bytes);
  assertFits(job, minimal);
  assert.deepEqual([...bytes.subarray(0, 7)], [0x1b, 0x40, 0x1b, 0x74, 0x00, 0x1c, 0x26]);
  assert.equal(job.images, 1, 'unknown font coverage is treated as GB2312: 堃 is a raster line');
  assert.deepEqual(job.qrCodes, [sampleTicket.qrPayload]);
  assert.ok(
    bytes.subarray(-4).equals(Buffer.from([0x1d, 0x56, 0x42, 0x00])),
    'ends with feed and partial cut',
  );
});
