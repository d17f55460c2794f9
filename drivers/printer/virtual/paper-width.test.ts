/**
 * The virtual printer lays out and draws real ESC/POS bytes at the paper's true width, with
 * half-width characters one Font A cell wide and hanzi two, as the printer's font does.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildTicketJob } from '../documents/ticket.ts';
import { printerProfiles } from '../profiles.ts';
import { loadCanvas } from '../raster/glyph-rasterizer.ts';
import { sampleTicket } from '../test-support.ts';
import type { DecodedJob } from '../types.ts';
import { decodeWithBlocks } from './escpos-decoder.ts';
import { blockHeight, CELL_W, parsePaperWidth } from './paper-layout.ts';
import { startVirtualPrinter } from './virtual-printer.ts';

async function printAt(profileId: string, dir: string): Promise<DecodedJob> {
  const printer = await startVirtualPrinter({ outDir: dir, profile: profileId });
  try {
    const arrived = once(printer, 'job') as Promise<[DecodedJob]>;
    const socket = connect(printer.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.end(await buildTicketJob(sampleTicket, printerProfiles[profileId]));
    const [job] = await arrived;
    return job;
  } finally {
    await printer.close();
  }
}

/** Display columns of a layout row between its bars (a hanzi is two). */
function columns(row: string): number {
  let n = 0;
  for (const ch of row) n += (ch.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
  return n;
}

/** Which dot columns of rows [top, top+24) have any dark pixel. */
function inkColumns(pixels: Uint8ClampedArray, width: number, top: number): boolean[] {
  const ink = new Array<boolean>(width).fill(false);
  for (let y = top; y < top + 24; y++)
    for (let x = 0; x < width; x++) if ((pixels[(y * width + x) * 4] ?? 255) < 128) ink[x] = true;
  return ink;
}

for (const [profileId, widthDots, cols] of [
  ['generic-58mm-zh', 384, 32],
  ['generic-80mm-zh', 576, 48],
] as const) {
  test(`a ${cols}-column ticket (${profileId}) is drawn ${widthDots} dots wide with one column per ASCII character`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'shequ-paper-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const job = await printAt(profileId, dir);
    assert.equal(job.widthDots, widthDots);

    const rows = (job.layout ?? '').split('\n').filter((r) => r.startsWith('|'));
    assert.ok(rows.length > 8, job.layout);
    for (const row of rows) assert.equal(columns(row), cols + 2, `every text row spans the paper: ${row}`);
    // 2026-11-27 10:05 China time: ten digits and signs, one column each, centred.
    const stamp = rows.find((r) => r.includes('取号时间'));
    assert.ok(stamp, job.layout);
    const inner = stamp.slice(1, -1);
    assert.ok(inner.includes('取号时间：2026-11-27 10:05'), `ASCII packed one column each: ${stamp}`);
    const lead = inner.length - inner.trimStart().length;
    const textCols = columns('取号时间：2026-11-27 10:05');
    assert.equal(lead, Math.floor((cols - textCols) / 2), 'centred on the paper');
    // The big number at 4× (or 3× on 58 mm) stays on the paper, each digit in its own 4 cells.
    assert.ok(
      rows.some((r) => /A {2,3}0 {2,3}0 {2,3}1/.test(r)),
      job.layout,
    );

    const { loadImage, createCanvas } = await loadCanvas();
    const png = await readFile(job.pngPath ?? '');
    const image = await loadImage(png);
    assert.equal(image.width, widthDots, 'the picture is the printable width');
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const { data } = ctx.getImageData(0, 0, image.width, image.height);
    const ink = inkColumns(data, image.width, stampTop(job));
    const x0 = (lead + columns('取号时间：')) * CELL_W;
    const ascii = '2026-11-27 10:05';
    [...ascii].forEach((ch, i) => {
      const cell = ink.slice(x0 + i * CELL_W, x0 + (i + 1) * CELL_W);
      const inked = cell.map((on, x) => (on ? x : -1)).filter((x) => x >= 0);
      if (ch === ' ') {
        assert.equal(inked.length, 0, `the space at column ${i} is blank`);
        return;
      }
      assert.ok(inked.length > 0, `'${ch}' has ink in its own cell`);
      const centre = (inked[0]! + inked.at(-1)!) / 2;
      assert.ok(
        Math.abs(centre - (CELL_W - 1) / 2) <= 2.5,
        `'${ch}' sits in the middle of its cell (${centre})`,
      );
    });
  });
}

/** Top dot row of the 取号时间 line in the picture: the heights of the blocks printed before it. */
function stampTop(job: DecodedJob): number {
  let y = 16;
  for (const block of decodeWithBlocks(job.raw).blocks) {
    if (block.kind === 'line' && block.line.text.includes('取号时间')) return y;
    y += blockHeight(block);
  }
  throw new Error('no stamp line');
}

test('paper widths: 58mm and 80mm, dot counts in multiples of 8, nothing else', () => {
  assert.equal(parsePaperWidth('58mm'), 384);
  assert.equal(parsePaperWidth('80'), 576);
  assert.equal(parsePaperWidth('512'), 512);
  assert.equal(parsePaperWidth('500'), undefined);
  assert.equal(parsePaperWidth('wide'), undefined);
});
