import type { PrinterProfile } from '../profiles.ts';
import type { GlyphRasterizer } from '../raster/glyph-rasterizer.ts';
import { documentHead } from './document-head.ts';
import { formatDate, reprintMark } from './format.ts';

/**
 * 补正材料一次性告知单: given when an application lacks materials. By 行政许可法 art. 32 it names
 * everything missing at once; the case's clock stands still until the materials come.
 * Personal data arrives masked.
 */
export interface CorrectionNoticeDocument {
  centreName: string;
  /** The case number the resident looks the application up by. */
  applicationNumber: string;
  serviceItem: string;
  applicantMasked: string;
  idNumberMasked?: string;
  /** Every material still missing: all of them, never a first few. */
  missingMaterials: string[];
  materialsReceived: string[];
  /** The day the materials arrived, and the day the resident is told (today, or the original's day). */
  materialsArrivedOn: Date;
  noticeOn: Date;
  /** 承诺时限: counted afresh once the materials are complete. */
  promisedWorkingDays?: number;
  clerk: string;
  counter?: string;
  progressQrPayload: string;
  contactPhone?: string;
  reprintedAt?: Date;
}

export async function buildCorrectionNoticeJob(
  doc: CorrectionNoticeDocument,
  profile?: PrinterProfile,
  rasterizer?: GlyphRasterizer,
): Promise<Buffer> {
  if (doc.missingMaterials.length === 0)
    throw new RangeError('a correction notice needs the missing materials');
  const job = documentHead(doc.centreName, ['补正材料', '一次性告知单'], profile, rasterizer);
  if (doc.reprintedAt) job.text(reprintMark(doc.reprintedAt), { align: 'center', bold: true });
  job
    .rule()
    .field('编    号：', doc.applicationNumber, { bold: true })
    .field('服务事项：', doc.serviceItem)
    .field('申 请 人：', doc.applicantMasked);
  if (doc.idNumberMasked) job.field('证件号码：', doc.idNumberMasked);
  job
    .field('材料收到：', formatDate(doc.materialsArrivedOn))
    .field('告知日期：', formatDate(doc.noticeOn))
    .rule()
    .text(
      '您提交的申请材料不齐全。根据《中华人民共和国行政许可法》第三十二条，现一次性告知您需补正的全部材料：',
    )
    .text('需补正材料：', { bold: true });
  doc.missingMaterials.forEach((m, i) => {
    job.field(`${i + 1}. `, m, { bold: true });
  });
  job.rule().text('已收材料：');
  doc.materialsReceived.forEach((m, i) => {
    job.field(`${i + 1}. `, m);
  });
  if (doc.materialsReceived.length === 0) job.text('（无）');
  const days = doc.promisedWorkingDays ? `（${doc.promisedWorkingDays}个工作日）` : '';
  job
    .rule()
    .text(`补正期间办理时限暂停计算；材料补齐之日起计算承诺办结时限${days}。`)
    .field('经 办 人：', doc.counter ? `${doc.clerk}（${doc.counter}）` : doc.clerk)
    .qr(doc.progressQrPayload)
    .text('扫码或凭编号查询办理进度', { align: 'center' });
  if (doc.contactPhone) job.text(`咨询电话：${doc.contactPhone}`, { align: 'center' });
  job.text('请携带本告知单和所缺材料到服务窗口办理', { align: 'center' }).cut();
  return job.build();
}
