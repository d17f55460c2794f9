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
