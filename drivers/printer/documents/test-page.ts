import { EscPosJobBuilder } from '../escpos/job-builder.ts';
import type { PrinterProfile } from '../profiles.ts';
import type { GlyphRasterizer } from '../raster/glyph-rasterizer.ts';
import { formatDateTime } from './format.ts';

/** Installer's test page: widths, sizes, Chinese text, a rare-character raster line, QR, barcode, cut. */
export async function buildTestPageJob(
  profile?: PrinterProfile,
  opts: { now?: Date; rasterizer?: GlyphRasterizer } = {},
): Promise<Buffer> {
  const job = new EscPosJobBuilder(profile, opts.rasterizer);
  const p = job.profile;
  const ruler = '1234567890'.repeat(Math.ceil(p.columns / 10)).slice(0, p.columns);
  job
    .text('打印测试页 TEST PAGE', { align: 'center', bold: true, widthMul: 2, heightMul: 2 })
    .text(`${p.name}`, { align: 'center' })
    .text(`${p.widthDots} dots, ${p.columns} columns, font ${p.fontCoverage}`, { align: 'center' })
    .rule('=')
    .text(ruler)
    .text('汉字每字占两列：一二三四五六七八九十'.padEnd(p.columns / 2, '十').slice(0, p.columns / 2))
    .text('ASCII: !"#$%&\'()*+,-./0123456789:;<=>?@AZaz[]{}')
    .text('全角符号：￥12.50 ¥3.00 （金额） 【受理】 ℃ № ①②③')
    .text('粗体 Bold', { bold: true })
    .text('倍宽 Wide', { widthMul: 2 })
    .text('倍高 Tall', { heightMul: 2 })
    .text('右对齐 Right', { align: 'right' })
    .text('生僻字（光栅打印）：䶮 堃 𠮷', { align: 'left' })
    .qr('https://shequ.example.cn/test-page')
    .barcode('SHEQU-TEST-0001')
    .text(formatDateTime(opts.now ?? new Date()), { align: 'center' })
    .cut();
  return job.build();
}
