/**
 * A supervision notice as a PDF in Chinese (pdfkit, with a Noto CJK font embedded as a subset):
 * 催办通知 for a warning, 黄牌督办通知书 for a yellow card, 整改建议书 for a red card. Drawn here
 * on the server; no browser involved.
 */
import { existsSync } from 'node:fs';
import type { NoticeKind } from './policy.ts';

/** Debian's fonts-noto-cjk; SHEQU_CJK_FONT points elsewhere (a .ttc/.otf/.ttf with Simplified Chinese). */
const DEFAULT_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const TTC_FACE = 'NotoSansCJKsc-Regular';

export class NoticeFontError extends Error {
  readonly code = 'notice.font-missing';
}

export const NOTICE_TITLES: Record<NoticeKind, string> = {
  urge: '催办通知',
  yellow: '黄牌督办通知书',
  red: '整改建议书',
};

export interface NoticeContent {
  id: number;
  kind: NoticeKind;
  year: string;
  centreName: string;
  itemName: string;
  caseNumber: string;
  acceptedDay: string;
  promisedDeadline: string | null;
  legalDeadline: string | null;
  state: string;
  rule: { code: string; title: string; version: string };
  issuedDay: string;
  issuedBy: string;
  replyBy: string;
  issuer: string;
}

const SITUATION: Record<NoticeKind, (c: NoticeContent) => string> = {
  urge: (c) => `距承诺办结期限（${c.promisedDeadline ?? '—'}）已不足规定的工作日，即将超期。`,
  yellow: (c) => `已超过承诺办结期限（${c.promisedDeadline ?? '—'}）仍未办结，属超期办件。`,
  red: (c) => `超过承诺办结期限（${c.promisedDeadline ?? '—'}）已逾督办期，仍未办结。`,
};

const DEMAND: Record<NoticeKind, string> = {
  urge: '请你中心抓紧办理，确保按期办结。',
  yellow: '现予以黄牌督办。请你中心立即办理，查明超期原因，落实责任。',
  red: '现提出整改建议：请你中心立即办结该件，对超期原因和责任人作出处理，并制定整改措施。',
};

export function fontPath(): string {
  const path = process.env.SHEQU_CJK_FONT || DEFAULT_FONT;
  if (!existsSync(path))
    throw new NoticeFontError(
      `no CJK font at ${path}: apt-get install fonts-noto-cjk, or set SHEQU_CJK_FONT`,
    );
  return path;
}

export async function renderNoticePdf(c: NoticeContent): Promise<Buffer> {
  const path = fontPath();
  // Loaded when a PDF is asked for: pdfkit and its font engine are heavy to import.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 80, right: 80 },
    info: { Title: NOTICE_TITLES[c.kind] },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', path, path.endsWith('.ttc') ? TTC_FACE : undefined);
  doc.font('cjk');
  doc.fontSize(22).text(NOTICE_TITLES[c.kind], { align: 'center' });
  doc.moveDown(0.5);
  doc.fontSize(11).text(`监察〔${c.year}〕第 ${c.id} 号`, { align: 'center' });
  doc.moveDown(1.5);
  doc.fontSize(13).text(`${c.centreName}：`);
  doc.moveDown(0.5);
  const para = (t: string) => doc.text(t, { indent: 26, lineGap: 6, align: 'left' }).moveDown(0.4);
  para(
    `经区电子监察系统监测，你中心于 ${c.acceptedDay} 受理的“${c.itemName}”事项（办件编号 ${c.caseNumber}，` +
      `承诺办结期限 ${c.promisedDeadline ?? '—'}，法定办结期限 ${c.legalDeadline ?? '—'}），当前状态为“${c.state}”，` +
      SITUATION[c.kind](c),
  );
  para(`依据《${c.rule.title}》（编号 ${c.rule.code}，版本 ${c.rule.version}），${DEMAND[c.kind]}`);
  para(`请于 ${c.replyBy} 前将办理情况及整改措施书面回告区电子监察中心。`);
  doc.moveDown(2);
  doc.text(c.issuer, { align: 'right' });
  doc.text(c.issuedDay, { align: 'right' });
  doc.moveDown(2);
  doc.fontSize(9).fillColor('#444').text(`经办人：${c.issuedBy}　　本通知由区级数据中心电子监察系统生成`);
  doc.end();
  return done;
}
