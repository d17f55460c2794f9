import { EscPosJobBuilder } from '../escpos/job-builder.ts';
import type { PrinterProfile } from '../profiles.ts';
import type { GlyphRasterizer } from '../raster/glyph-rasterizer.ts';
import type { TicketDocument } from '../types.ts';
import { formatDateTime, reprintMark } from './format.ts';

/** Queue ticket (排队号): centre, service, big number, people ahead, estimated wait, time, QR. */
export async function buildTicketJob(
  doc: TicketDocument,
  profile?: PrinterProfile,
  rasterizer?: GlyphRasterizer,
): Promise<Buffer> {
  const job = new EscPosJobBuilder(profile, rasterizer);
  const bigNumberMul = job.columns(4) >= doc.number.length ? 4 : 3;
  job.text(doc.centreName, { align: 'center', bold: true });
  if (doc.reprintedAt) job.text(reprintMark(doc.reprintedAt), { align: 'center', bold: true });
  job
    .rule()
    .text(doc.serviceName, { align: 'center', bold: true, widthMul: 2, heightMul: 2 })
    .feed(1)
    .text(doc.number, { align: 'center', bold: true, widthMul: bigNumberMul, heightMul: bigNumberMul });
  if (doc.appointmentSlot)
    job.text(`预约 ${doc.appointmentSlot}`, { align: 'center', bold: true, widthMul: 2, heightMul: 1 });
  else if (doc.priority) job.text('优先', { align: 'center', bold: true, widthMul: 2, heightMul: 1 });
  job
    .feed(1)
    .text(`您前面还有 ${doc.peopleAhead} 人等候`, { align: 'center' })
    .text(`预计等候约 ${doc.estimatedWaitMin} 分钟`, { align: 'center' });
  if (doc.counterNumbers?.length)
    job.text(`办理窗口：${doc.counterNumbers.join('、')} 号窗口`, { align: 'center' });
  if (doc.holderMasked) job.text(`取号人：${doc.holderMasked}`, { align: 'center' });
  job
    .qr(doc.qrPayload)
    .text('扫码查看排队进度', { align: 'center' })
    .text(`取号时间：${formatDateTime(doc.issuedAt)}`, { align: 'center' });
  if (doc.validDay) job.text(`当日有效（${doc.validDay}）`, { align: 'center', bold: true });
  job
    .rule()
    .text('温馨提示：请留意叫号和屏幕提示，过号请到窗口咨询或重新取号；请带好身份证和随身物品。')
    .cut();
  return job.build();
}
