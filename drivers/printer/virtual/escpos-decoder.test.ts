import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { buildTicketJob } from '../documents/ticket.ts';
import { code128, rasterImage } from '../escpos/commands.ts';
import { sampleTicket } from '../test-support.ts';
import { decodeEscPos } from './escpos-decoder.ts';
import { JobSplitter } from './job-splitter.ts';

const gb = (s: string) => iconv.encode(s, 'gb18030');

test('styles apply to the lines printed under them', () => {
  const bytes = Buffer.concat([
    Buffer.from([0x1b, 0x40, 0x1c, 0x26, 0x1b, 0x61, 0x01, 0x1b, 0x45, 0x01, 0x1d, 0x21, 0x11]),
    gb('大号'),
    Buffer.from([0x0a, 0x1d, 0x21, 0x00, 0x1b, 0x45, 0x00, 0x1b, 0x61, 0x02]),
    gb('右边'),
    Buffer.from([0x0a, 0x1b, 0x61, 0x00, 0x1b, 0x21, 0x20]),
    Buffer.from('wide\n'),
  ]);
  const { lines } = decodeEscPos(bytes);
  assert.deepEqual(lines, [
    { text: '大号', bold: true, doubleWidth: true, doubleHeight: true, align: 'center' },
    { text: '右边', bold: false, doubleWidth: false, doubleHeight: false, align: 'right' },
    { text: 'wide', bold: false, doubleWidth: true, doubleHeight: false, align: 'left' },
  ]);
});

test('FS . leaves Chinese mode: high bytes are CP437 glyphs; FS & returns', () => {
  const bytes = Buffer.concat([
    Buffer.from([0x1c, 0x2e, 0xc4, 0xc4, 0x0a, 0x1c, 0x26]),
    gb('中文'),
    Buffer.from([0x0a]),
  ]);
  assert.equal(decodeEscPos(bytes).text, '──\n中文');
});

test('4-byte GB18030 codes decode back to the character (what a GB18030-complete font would print)', () => {
  assert.equal(decodeEscPos(Buffer.concat([gb('𠮷x'), Buffer.from([0x0a])])).text, '𠮷x');
});

test('barcodes, cuts and a tall image sent in bands', () => {
  const rows = 600;
  const bits = Buffer.alloc(4 * rows, 0xff);
  const bands = [0, 256, 512].map((y) =>
    rasterImage(4, Math.min(256, rows - y), bits.subarray(y * 4, Math.min(rows, y + 256) * 4)),
  );
  const bytes = Buffer.concat([
    code128('SQ-2026-0001'),
    Buffer.from([0x0a]),
    ...bands,
    Buffer.from([0x1d, 0x56, 0x42, 0x00, 0x1d, 0x56, 0x01]),
  ]);
  const job = decodeEscPos(bytes);
  assert.deepEqual(job.barcodes, ['SQ-2026-0001']);
  assert.equal(job.images, 1, 'bands of one picture count once');
  assert.equal(job.rasters?.[0]?.heightDots, 600);
  assert.equal(job.rasters?.[0]?.widthDots, 32);
  assert.equal(job.cuts, 2);
});

test('a truncated trailing command is ignored, the text before it kept', () => {
  const bytes = Buffer.concat([gb('完整'), Buffer.from([0x0a, 0x1d, 0x76, 0x30, 0x00, 0x10, 0x00])]);
  const job = decodeEscPos(bytes);
  assert.equal(job.text, '完整');
  assert.equal(job.images, 0);
});

test('the splitter gives the same jobs when bytes arrive one at a time, and answers status in between', async () => {
  const ticket = await buildTicketJob(sampleTicket);
  const stream = Buffer.concat([ticket, Buffer.from([0x10, 0x04, 0x01]), ticket, Buffer.from([0x1b, 0x40])]);
  const jobs: Buffer[] = [];
  const realTime: string[] = [];
  const splitter = new JobSplitter(
    (raw) => jobs.push(raw),
    (t) => realTime.push(`${t.name} ${t.params[0]}`),
  );
  for (let i = 0; i < stream.length; i++) splitter.push(stream.subarray(i, i + 1));
  splitter.end();
  assert.equal(jobs.length, 2, 'a trailing ESC @ with nothing printable is not a job');
  assert.deepEqual(jobs[0], ticket);
  assert.deepEqual(jobs[1], ticket);
  assert.deepEqual(realTime, ['DLE EOT 1']);
  assert.deepEqual(decodeEscPos(jobs[1]!).qrCodes, [sampleTicket.qrPayload]);
});

test('text without a cut is a job when the connection closes', () => {
  const jobs: Buffer[] = [];
  const splitter = new JobSplitter(
    (raw) => jobs.push(raw),
    () => {},
  );
  splitter.push(Buffer.from('no cut here\n'));
  assert.equal(jobs.length, 0);
  splitter.end();
  assert.equal(jobs.length, 1);
  assert.equal(decodeEscPos(jobs[0]!).cuts, 0);
});
