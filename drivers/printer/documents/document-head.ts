/**
 * What the centre's paper documents share (acceptance receipt, 一次性告知单, materials checklist,
 * form copy): the head, the centre's name over the document's title(s) in large type, and the foot
 * of a printout from the guide, when it was printed, then the cut.
 */
import { EscPosJobBuilder } from '../escpos/job-builder.ts';
import type { PrinterProfile } from '../profiles.ts';
import type { GlyphRasterizer } from '../raster/glyph-rasterizer.ts';
import { formatDateTime } from './format.ts';

export function documentHead(
  centreName: string,
  titles: readonly string[],
  profile?: PrinterProfile,
  rasterizer?: GlyphRasterizer,
): EscPosJobBuilder {
  const job = new EscPosJobBuilder(profile, rasterizer);
  job.text(centreName, { align: 'center', bold: true });
  for (const title of titles) job.text(title, { align: 'center', bold: true, widthMul: 2, heightMul: 2 });
  return job;
}

export function printedAtFoot(job: EscPosJobBuilder, printedAt: Date): Promise<Buffer> {
  job.text(`打印时间：${formatDateTime(printedAt)}`, { align: 'center' }).cut();
  return job.build();
}
