import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { printerProfiles } from '../profiles.ts';
import { sampleTicket } from '../test-support.ts';
import { decodeEscPos } from '../virtual/escpos-decoder.ts';
import { buildTicketJob } from './ticket.ts';

test('ticket job enters Chinese mode with FS & before the first GB18030 text', async () => {
  const bytes = await buildTicketJob(sampleTicket);
  const fsAmp = bytes.indexOf(Buffer.from([0x1c, 0x26]));
  const service = bytes.indexOf(iconv.encode('社保卡办理', 'gb18030'));
  const centre = bytes.indexOf(iconv.encode('幸福里', 'gb18030'));
  assert.ok(fsAmp >= 0, 'FS & present');
  assert.ok(service > fsAmp, 'service name after FS &');
  assert.ok(centre > fsAmp, 'centre name after FS &');
  assert.deepEqual([...bytes.subarray(0, 2)], [0x1b, 0x40], 'starts with ESC @');
  assert.equal(bytes.indexOf(Buffer.from('社保卡办理', 'utf8')), -1, 'no UTF-8 text');
});

test('ticket decodes back to its text, QR payload and one cut', async () => {
  const job = decodeEscPos(await buildTicketJob(sampleTicket));
  assert.match(job.text, /社保卡办理/);
  assert.match(job.text, /A001/);
  assert.match(job.text, /您前面还有 3 人等候/);
  assert.match(job.text, /预计等候约 12 分钟/);
  assert.match(job.text, /取号时间：2026-11-27 10:05/, 'time printed in China Standard Time');
  assert.match(job.text, /取号人：王\*/);
  assert.deepEqual(job.qrCodes, [sampleTicket.qrPayload]);
  assert.equal(job.cuts, 1);
  assert.equal(job.images, 0);
  const number = job.lines.find((l) => l.text === 'A001');
  assert.ok(number, 'number on its own line');
  assert.equal(number.doubleWidth, true);
  assert.equal(number.doubleHeight, true);
  assert.equal(number.bold, true);
  assert.equal(number.align, 'center');
  assert.doesNotMatch(job.text, /\?/);
});

test('priority ticket is marked and plain ticket is not', async () => {
  const plain = decodeEscPos(await buildTicketJob(sampleTicket));
  const priority = decodeEscPos(await buildTicketJob({ ...sampleTicket, priority: true }));
  assert.ok(!plain.lines.some((l) => l.text === '优先'));
  assert.ok(priority.lines.some((l) => l.text === '优先' && l.bold));
});

test('a ticket names its counters, says 当日有效 with its day, carries 温馨提示; an appointment ticket shows 预约 and its slot', async () => {
  const doc = { ...sampleTicket, counterNumbers: [1, 3], validDay: '2026-11-27' };
  const plain = decodeEscPos(await buildTicketJob(doc));
  assert.match(plain.text, /办理窗口：1、3 号窗口/);
  assert.match(plain.text, /当日有效（2026-11-27）/);
  assert.match(plain.text, /温馨提示：/);
  assert.doesNotMatch(plain.text, /预约/);
  const booked = decodeEscPos(await buildTicketJob({ ...doc, priority: true, appointmentSlot: '10:30' }));
  assert.ok(booked.lines.some((l) => l.text === '预约 10:30' && l.doubleWidth));
  assert.ok(!booked.lines.some((l) => l.text === '优先'), 'the slot says why it comes first');
});

test('QR length bytes count UTF-8 bytes, so a Chinese payload survives', async () => {
  const payload = 'https://q.example.cn/?q=排队A001';
  const job = decodeEscPos(await buildTicketJob({ ...sampleTicket, qrPayload: payload }));
  assert.deepEqual(job.qrCodes, [payload]);
  assert.equal(job.cuts, 1);
});

test('ticket for the Epson profile fits its 42 columns', async () => {
  const job = decodeEscPos(
    await buildTicketJob(
      { ...sampleTicket, serviceName: '城乡居民基本养老保险参保登记与缴费' },
      printerProfiles['epson-tm-t88'],
    ),
  );
  const serviceLines = job.lines.filter((l) => l.doubleWidth && !/A001/.test(l.text));
  assert.ok(serviceLines.length >= 2, 'long double-width service name wrapped');
  for (const l of serviceLines) assert.ok(Buffer.byteLength(iconv.encode(l.text, 'gb18030')) <= 21);
});
