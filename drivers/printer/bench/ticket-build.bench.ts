import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { type BenchResult, median, round } from '../../../bench/types.ts';
import { buildTicketJob } from '../documents/ticket.ts';
import { sampleTicket } from '../test-support.ts';

const RUNS = 300;
const WARMUP = 30;

async function timeUs(fn: () => Promise<unknown> | unknown, runs = RUNS): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return out;
}

/** The anchor: node-thermal-printer building a comparable plain English ticket (its happy path). */
function ntpEnglishTicket(): Buffer {
  const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: 'buffer-only', width: 48 });
  p.alignCenter();
  p.bold(true);
  p.println('Happy Lane Community Service Centre');
  p.drawLine();
  p.setTextSize(1, 1);
  p.println('Social Security Card');
  p.setTextSize(3, 3);
  p.println('A001');
  p.setTextNormal();
  p.bold(false);
  p.println('3 people ahead of you');
  p.println('Estimated wait about 12 min');
  p.println('Holder: W*');
  p.printQR(sampleTicket.qrPayload, { cellSize: 6, correction: 'M', model: 2 });
  p.println('Scan to follow the queue');
  p.println('Issued 2026-11-27 10:05');
  p.println('Please listen for your number');
  p.cut();
  return p.getBuffer();
}

export async function bench(): Promise<BenchResult> {
  const rareTicket = { ...sampleTicket, holderMasked: '𠮷*' };
  const coldStart = process.hrtime.bigint();
  await buildTicketJob(rareTicket); // first raster line loads @napi-rs/canvas and the CJK font
  const firstRasterMs = Number(process.hrtime.bigint() - coldStart) / 1e6;

  const plain = median(await timeUs(() => buildTicketJob(sampleTicket)));
  const raster = median(await timeUs(() => buildTicketJob(rareTicket)));
  const anchor = median(await timeUs(() => ntpEnglishTicket()));
  return {
    name: 'printer-ticket-build',
    metrics: {
      ticket_plain_median_us: round(plain, 1),
      ticket_one_raster_line_median_us: round(raster, 1),
      first_raster_line_cold_ms: round(firstRasterMs, 1),
    },
    anchor: { ntp_plain_english_ticket_median_us: round(anchor, 1) },
    ratio: {
      ticket_plain_median_us: round(plain / anchor, 2),
      ticket_one_raster_line_median_us: round(raster / anchor, 2),
    },
    notes:
      `${RUNS} runs each after ${WARMUP} warm-up; Chinese ticket (GB18030, FS &, GS ( k QR, wrapping) vs ` +
      'node-thermal-printer building an English ticket of the same shape; the raster line renders 𠮷 with @napi-rs/canvas.',
  };
}
