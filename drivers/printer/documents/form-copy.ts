import type { PrinterProfile } from '../profiles.ts';
import type { GlyphRasterizer } from '../raster/glyph-rasterizer.ts';
import { documentHead, printedAtFoot } from './document-head.ts';

/**
 * A paper copy of an item's form (表格) from the service guide: the form's blanks to fill in by
 * hand, and its download address as a QR code for the full form.
 */
export interface FormCopyDocument {
  centreName: string;
  formName: string;
  itemName: string;
  department?: string;
  /** One blank each; none: the copy says to download the form. */
  fields: string[];
  downloadUrl: string;
  printedAt: Date;
}

/** Room to write on: the label, then a ruled line under it. */
const BLANK = '_';

export async function buildFormCopyJob(
  doc: FormCopyDocument,
  profile?: PrinterProfile,
  rasterizer?: GlyphRasterizer,
): Promise<Buffer> {
  const job = documentHead(doc.centreName, [doc.formName], profile, rasterizer);
  job.text(`办理事项：${doc.itemName}`, { align: 'center' });
  if (doc.department) job.text(`受理部门：${doc.department}`, { align: 'center' });
  job.rule();
  for (const field of doc.fields) {
    job.text(`${field}：`).feed().rule(BLANK);
  }
  if (doc.fields.length === 0) job.text('本表格请扫码下载后填写');
  job.rule().qr(doc.downloadUrl).text('扫码下载电子表格', { align: 'center' });
  return printedAtFoot(job, doc.printedAt);
}
