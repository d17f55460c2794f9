import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { buildTicketJob } from '../documents/ticket.ts';
import { printerProfiles } from '../profiles.ts';
import { type Bitmap, countBlackDots, emptyBitmap } from '../raster/bitmap.ts';
import type { GlyphRasterizer, RenderLineOptions } from '../raster/glyph-rasterizer.ts';
import { sampleTicket } from '../test-support.ts';
import { decodeEscPos } from '../virtual/escpos-decoder.ts';
import { isCovered, uncoveredCharacters } from './chinese-text.ts';
import { EscPosJobBuilder } from './job-builder.ts';

class RecordingRasterizer implements GlyphRasterizer {
  readonly calls: { text: string; opts: RenderLineOptions }[] = [];
  async renderLine(text: string, opts: RenderLineOptions): Promise<Bitmap> {
    this.calls.push({ text, opts });
    const bitmap = emptyBitmap(16 * [...text].length, opts.heightDots);
    bitmap.bits.fill(0xaa);
    return bitmap;
  }
}

test('font coverage: GBK printers lack 4-byte and FE-row codes; GB2312 fonts also lack GBK-only hanzi', () => {
  assert.equal(isCovered('号', 'gb2312'), true);
  assert.equal(isCovered('堃', 'gbk'), true);
  assert.equal(isCovered('堃', 'gb2312'), false);
  assert.equal(isCovered('䶮', 'gbk'), false); // GB18030 FE 9F
  assert.equal(isCovered('𠮷', 'gbk'), false); // 4-byte
  assert.equal(isCovered('¥', 'gbk'), false); // 4-byte; substituted by ￥ before printing
  assert.equal(isCovered('￥', 'gb2312'), true);
  assert.deepEqual(uncoveredCharacters('张䶮𠮷堃', 'gbk'), ['䶮', '𠮷']);
});

test('a line with a rare character becomes a raster image, never "?", and other lines stay text', async () => {
  const rasterizer = new RecordingRasterizer();
  const job = new EscPosJobBuilder(printerProfiles['generic-80mm-zh'], rasterizer);
  job.text('申请人：𠮷䶮堃', { bold: true, heightMul: 2 }).text('办理事项：低保申请').cut();
  const bytes = await job.build();
  assert.equal(rasterizer.calls.length, 1);
  assert.equal(rasterizer.calls[0]!.text, '申请人：𠮷䶮堃');
  assert.equal(rasterizer.calls[0]!.opts.heightDots, 48, 'double height line rendered 48 dots high');
  assert.equal(rasterizer.calls[0]!.opts.bold, true);
  assert.deepEqual(job.rasterLines, [{ text: '申请人：𠮷䶮堃', missing: ['𠮷', '䶮'], unrenderable: [] }]);
  assert.equal(
    bytes.indexOf(iconv.encode('申请人', 'gb18030')),
    -1,
    'the raster line is not also sent as text',
  );
  const decoded = decodeEscPos(bytes);
  assert.equal(decoded.images, 1);
  assert.equal(decoded.rasters?.[0]?.heightDots, 48);
  assert.doesNotMatch(decoded.text, /\?/);
  assert.match(decoded.text, /办理事项：低保申请/);
});

test('the same character is text on a GBK printer and raster on a GB2312-font printer', async () => {
  const doc = { ...sampleTicket, centreName: '堃园社区服务中心' };
  const generic = decodeEscPos(await buildTicketJob(doc, printerProfiles['generic-80mm-zh']));
  const epson = decodeEscPos(await buildTicketJob(doc, printerProfiles['epson-tm-t88']));
  assert.match(generic.text, /堃园社区服务中心/);
  assert.equal(generic.images, 0);
  assert.doesNotMatch(epson.text, /堃园/);
  assert.equal(epson.images, 1);
});

test('the default rasterizer draws real glyphs from the installed CJK font', async () => {
  const job = new EscPosJobBuilder(printerProfiles['generic-80mm-zh']);
  job.text('𠮷', { align: 'center' }).text('\u{2FFFD}').cut();
  const decoded = decodeEscPos(await job.build());
  assert.equal(decoded.images, 2);
  assert.deepEqual(
    job.rasterLines.map((l) => l.unrenderable),
    [[], ['\u{2FFFD}']],
    'the box is reported',
  );
  const [glyph, notdef] = decoded.rasters!;
  const asBitmap = (r: NonNullable<typeof glyph>): Bitmap => ({ ...r, bytesPerRow: r.widthDots / 8 });
  assert.ok(countBlackDots(asBitmap(glyph!)) > 40, 'glyph has ink');
  assert.notDeepEqual(glyph!.bits, notdef!.bits, '𠮷 is not the missing-glyph box');
});

test('half-width yuan sign is printed as the full-width sign, not as a 4-byte code', async () => {
  const job = new EscPosJobBuilder();
  job.text('工本费 ¥20.00').cut();
  const bytes = await job.build();
  assert.ok(bytes.includes(Buffer.from([0xa3, 0xa4])));
  assert.equal(bytes.indexOf(Buffer.from([0x81, 0x30, 0x84, 0x36])), -1);
  assert.match(decodeEscPos(bytes).text, /工本费 ￥20\.00/);
});
