/**
 * The monthly 绩效评估 report as a PDF in Chinese: the standard's version, the ranking of centres,
 * services or clerks, month over month.
 */
import { fontPath } from '../supervision/notice-pdf.ts';
import type { ScoreBy, ScoreRow } from './scores.ts';
import type { ScoringStandard } from './standard.ts';

const SUBJECTS: Record<ScoreBy, { title: string; column: string }> = {
  centre: { title: '', column: '中心' },
  service: { title: '（按服务）', column: '服务' },
  clerk: { title: '（按办理人）', column: '办理人' },
};

export async function renderMonthlyReport(input: {
  month: string;
  standard: ScoringStandard;
  rows: ScoreRow[];
  nameOf: (key: string) => string;
  /** Whom the ranking ranks (centres unless said). */
  by?: ScoreBy;
}): Promise<Buffer> {
  const subject = SUBJECTS[input.by ?? 'centre'];
  const path = fontPath();
  // Loaded when a PDF is asked for: pdfkit and its font engine are heavy to import.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: 50, bottom: 50, left: 50, right: 50 },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', path, path.endsWith('.ttc') ? 'NotoSansCJKsc-Regular' : undefined);
  doc.font('cjk');
  const [y, m] = input.month.split('-');
  doc.fontSize(18).text(`${y}年${Number(m)}月 社区服务中心绩效评估月报${subject.title}`, { align: 'center' });
  doc.moveDown(0.3);
  doc
    .fontSize(10)
    .text(
      `评估标准 ${input.standard.version}（${input.standard.indicators.map((i) => `${i.name} ${i.weight}分`).join('，')}）`,
      {
        align: 'center',
      },
    );
  doc.moveDown(1);
  const cols = [
    { h: '名次', w: 40 },
    { h: subject.column, w: 170 },
    { h: '总分', w: 50 },
    { h: '上月', w: 50 },
    { h: '环比', w: 50 },
    ...input.standard.indicators.map((i) => ({
      h: i.name,
      w: (742 - 360) / input.standard.indicators.length,
    })),
  ];
  const row = (cells: string[], bold = false) => {
    const top = doc.y;
    let x = 50;
    doc.fontSize(bold ? 9 : 9);
    cells.forEach((c, i) => {
      doc.text(c, x, top, { width: cols[i]!.w - 4, align: i <= 1 ? 'left' : 'right' });
      x += cols[i]!.w;
    });
    doc
      .moveTo(50, doc.y + 2)
      .lineTo(792, doc.y + 2)
      .strokeColor('#cccccc')
      .stroke();
    doc.y += 6;
    doc.x = 50;
  };
  row(
    cols.map((c) => c.h),
    true,
  );
  for (const r of input.rows) {
    const delta =
      r.previous === null
        ? '—'
        : `${r.total - r.previous >= 0 ? '+' : ''}${(r.total - r.previous).toFixed(1)}`;
    row([
      String(r.rank),
      input.nameOf(r.key),
      r.total.toFixed(1),
      r.previous === null ? '—' : r.previous.toFixed(1),
      delta,
      ...input.standard.indicators.map((i) => (r.values[i.id] === null ? '—' : String(r.values[i.id]))),
    ]);
  }
  doc.moveDown(1);
  doc
    .fontSize(9)
    .fillColor('#444')
    .text('数据来源：区级数据中心（各中心终端上报的办件、取号与评价记录）。本报告由电子监察系统生成。', 50);
  doc.end();
  return done;
}
