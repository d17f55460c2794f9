import { columnsOf } from '../escpos/chinese-text.ts';
import type { PrinterProfile } from '../profiles.ts';
import type { GlyphRasterizer } from '../raster/glyph-rasterizer.ts';
import { type MaterialItem, materialTerms } from './acceptance-receipt.ts';
import { documentHead, printedAtFoot } from './document-head.ts';

/** 材料清单: what to bring for a service, printed from the service guide on request. */
export interface MaterialsChecklistDocument {
  centreName: string;
  serviceName: string;
  materials: MaterialItem[];
  notes?: string[];
  printedAt: Date;
  guideQrPayload?: string;
}

export async function buildMaterialsChecklistJob(
  doc: MaterialsChecklistDocument,
  profile?: PrinterProfile,
  rasterizer?: GlyphRasterizer,
): Promise<Buffer> {
  const job = documentHead(doc.centreName, ['办事材料清单'], profile, rasterizer);
  job.text(doc.serviceName, { align: 'center', bold: true }).rule();
  doc.materials.forEach((m, i) => {
    const mark = m.required === false ? '○' : '□';
    job.row(`${mark}${i + 1}. ${m.name}`, materialTerms(m), {}, columnsOf(`${mark}${i + 1}. `));
    if (m.note) job.text(`    ${m.note}`);
  });
  job.rule().text('□ 必须提交  ○ 视情况提交');
  for (const note of doc.notes ?? []) job.text(`· ${note}`);
  if (doc.guideQrPayload) job.qr(doc.guideQrPayload).text('扫码查看办事指南', { align: 'center' });
  return printedAtFoot(job, doc.printedAt);
}
