import { columnsOf } from '../escpos/chinese-text.ts';
import type { PrinterProfile } from '../profiles.ts';
import type { GlyphRasterizer } from '../raster/glyph-rasterizer.ts';
import { documentHead } from './document-head.ts';
import { deadlineLine, formatDateTime, provisionalNote, reprintMark } from './format.ts';

export interface MaterialItem {
  name: string;
  /** Number of copies received (or required); printed as "复印件 N 份". */
  copies?: number;
  /** Whether the original was seen (原件). */
  original?: boolean;
  note?: string;
  /** For checklists: false marks a material that is only needed in some cases. */
  required?: boolean;
}

/** 受理回执: given to the applicant when an application is accepted. Personal data arrives masked. */
export interface AcceptanceReceiptDocument {
  centreName: string;
  /** 受理编号, also the key for the progress lookup. */
  applicationNumber: string;
  serviceItem: string;
  /** Masked by the caller, e.g. '王*' — may still contain a rare character, which prints as raster. */
  applicantMasked: string;
  /** Masked ID number, e.g. '110101********123X'. */
  idNumberMasked?: string;
  materialsReceived: MaterialItem[];
  acceptedAt: Date;
  /** 承诺办结 (the promised deadline the centre is supervised against), counted by the appliance. */
  promisedDeadline: Date;
  promisedWorkingDays?: number;
  /** 法定期限 (the legal deadline, already counted in working days by the appliance). */
  legalDeadline: Date;
  deadlineWorkingDays?: number;
  /**
   * The holidays whose 调休 notice is not out yet while the deadlines are provisional, e.g.
   * ['2027年春节']: the receipt says the dates may still move.
   */
  provisionalHolidays?: string[];
  /** Set on a reprint (补打): printed as a marked line with this time. */
  reprintedAt?: Date;
  /** 受理人: the clerk's name or staff number. */
  clerk: string;
  /** The counter as residents know it, e.g. '3号窗口'. */
  counter?: string;
  progressQrPayload: string;
  contactPhone?: string;
}

export function materialTerms(m: MaterialItem): string {
  const parts: string[] = [];
  if (m.original) parts.push('原件');
  if (m.copies) parts.push(`复印件${m.copies}份`);
  return parts.join('、') || '1份';
}

export async function buildAcceptanceReceiptJob(
  doc: AcceptanceReceiptDocument,
  profile?: PrinterProfile,
  rasterizer?: GlyphRasterizer,
): Promise<Buffer> {
  const job = documentHead(doc.centreName, ['受理回执'], profile, rasterizer);
  if (doc.reprintedAt) job.text(reprintMark(doc.reprintedAt), { align: 'center', bold: true });
  job
    .rule()
    .field('受理编号：', doc.applicationNumber, { bold: true })
    .field('服务事项：', doc.serviceItem)
    .field('申 请 人：', doc.applicantMasked);
  if (doc.idNumberMasked) job.field('证件号码：', doc.idNumberMasked);
  job.field('受理时间：', formatDateTime(doc.acceptedAt));
  job.field('承诺办结：', deadlineLine(doc.promisedDeadline, doc.promisedWorkingDays), { bold: true });
  job.field('法定期限：', deadlineLine(doc.legalDeadline, doc.deadlineWorkingDays));
  if (doc.provisionalHolidays?.length) job.text(provisionalNote(doc.provisionalHolidays));
  job.rule().text('已收材料：', { bold: true });
  doc.materialsReceived.forEach((m, i) => {
    job.row(`${i + 1}. ${m.name}`, materialTerms(m), {}, columnsOf(`${i + 1}. `));
  });
  if (doc.materialsReceived.length === 0) job.text('（无）');
  job
    .rule()
    .field('受 理 人：', doc.counter ? `${doc.clerk}（${doc.counter}）` : doc.clerk)
    .qr(doc.progressQrPayload)
    .text('扫码或凭受理编号查询办理进度', { align: 'center' });
  if (doc.contactPhone) job.text(`咨询电话：${doc.contactPhone}`, { align: 'center' });
  job.text('请妥善保管本回执，领取结果时出示', { align: 'center' }).cut();
  return job.build();
}
