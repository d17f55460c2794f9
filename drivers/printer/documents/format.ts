/** Date and time as printed on tickets and receipts: China Standard Time, 24-hour clock. */
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function parts(date: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateTime.formatToParts(date)) out[p.type] = p.value;
  return out;
}

export function formatDateTime(date: Date): string {
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

export function formatDate(date: Date): string {
  const p = parts(date);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** The line a reprinted paper carries, so it is never taken for the first one: '【补打】2026-12-01 15:40'. */
export function reprintMark(at: Date): string {
  return `【补打】${formatDateTime(at)}`;
}

/** A deadline as a receipt prints it: '2026年12月15日前（10个工作日）'. */
export function deadlineLine(day: Date, workingDays?: number): string {
  return `${formatDate(day)}前${workingDays ? `（${workingDays}个工作日）` : ''}`;
}

/** Why the dates may still move: the holidays whose 调休 arrangement is not published yet. */
export function provisionalNote(holidays: readonly string[]): string {
  return `※以上期限为暂定：${holidays.join('、')}调休安排尚未公布，公布后可能调整`;
}
