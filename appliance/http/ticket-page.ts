/**
 * The page behind a queue ticket's QR, for the resident's phone: the number, where it stands, the
 * people ahead and the estimated wait, refreshed every few seconds, and the SMS reminder (set, on
 * offer, or not while the link to central is down). Plain server-rendered HTML (any phone browser,
 * no script), nothing about the holder but the masked number they gave for the reminder.
 */
import type { TicketProgressView } from '../../contract/api.ts';
import type { NotifyDeliveryState } from '../../contract/notify.ts';

/** The phone pages' look (the progress page and the SMS form). */
export const TICKET_PAGE_STYLE = `body{margin:0;font-family:system-ui,"Noto Sans CJK SC",sans-serif;background:#f4f6f8;color:#1a1a1a;font-size:18px}
main{max-width:28em;margin:0 auto;padding:1.2em}
h1{font-size:1.1em;margin:0 0 .8em;color:#555}
.number{font-size:4em;font-weight:700;margin:0;text-align:center;letter-spacing:.05em}
.service{text-align:center;margin:.2em 0 1em}
.headline{font-size:1.5em;font-weight:700;text-align:center;padding:.6em;border-radius:.4em;background:#fff}
.state-called .headline{background:#ffe9a8}
dl{background:#fff;border-radius:.4em;padding:.6em 1em;margin:1em 0}
dl div{display:flex;justify-content:space-between;padding:.4em 0}
dt{color:#555}dd{margin:0;font-weight:700}
.note{color:#555;font-size:.9em}
.sms{background:#fff;border-radius:.4em;padding:.6em 1em;text-align:center}
.sms a{font-weight:700}
form label{display:block;margin:.8em 0}
form input,form select,form button{font-size:1.2em;padding:.4em;width:100%;box-sizing:border-box}
form button{margin-top:.6em;font-weight:700}
.error{color:#b00020;font-weight:700}
`;

/** How far the reminder text got, as central last said (none yet: not sent). */
export type SmsDelivery = { state: NotifyDeliveryState; at: number };

/** The SMS reminder as the progress page shows it (while the ticket waits, and once called if set). */
export type TicketSms =
  | { kind: 'set'; masked: string; ahead: number; delivery?: SmsDelivery }
  | { kind: 'offer'; href: string }
  | { kind: 'link-down' }
  | { kind: 'none' };

const DELIVERY_WORDS: Record<NotifyDeliveryState, string> = {
  queued: '短信排队待发',
  submitted: '短信已发出，等待送达回执',
  delivered: '短信已送达',
  failed: '短信发送失败，请留意大厅叫号',
  'opted-out': '此号码已回复退订，不再发送',
};

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** The reminder's delivery state line, for the progress page and the SMS form's answer. */
export function smsDeliveryLine(masked: string, delivery: SmsDelivery | undefined): string {
  const state = delivery?.state ?? 'none';
  const words = delivery
    ? `${DELIVERY_WORDS[delivery.state]}（${escapeHtml(masked)}，${clock(delivery.at)}）`
    : `尚未发送（${escapeHtml(masked)}）`;
  return `<p class="sms note" data-testid="sms-delivery" data-state="${state}">${words}</p>`;
}

function smsLine(sms: TicketSms): string {
  switch (sms.kind) {
    case 'set':
      return `<p class="sms" data-testid="sms-set">短信提醒已设置：前面剩 ${sms.ahead} 人时发送到 ${escapeHtml(sms.masked)}</p>
${smsDeliveryLine(sms.masked, sms.delivery)}`;
    case 'offer':
      return `<p class="sms"><a href="${escapeHtml(sms.href)}" data-testid="sms-offer">短信提醒我（快到号时发短信）</a></p>`;
    case 'link-down':
      return '<p class="sms note" data-testid="sms-unavailable">短信提醒暂不可用：与中心的连接中断</p>';
    case 'none':
      return '';
  }
}

/** How often the phone reloads the page. */
export const TICKET_PAGE_REFRESH_S = 15;

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function stateLines(p: TicketProgressView): { headline: string; facts: [string, string][] } {
  const served: [string, string][] = p.servedAt?.length
    ? [['办理窗口', `${p.servedAt.join('、')} 号窗口`]]
    : [];
  switch (p.state) {
    case 'waiting':
      return {
        headline: '排队中',
        facts: [
          ['前面等候', `${p.peopleAhead ?? 0} 人`],
          ['预计等待', `约 ${p.estimatedWaitMin ?? 0} 分钟`],
          ...served,
        ],
      };
    case 'called':
      return {
        headline: p.counterNumber ? `请到 ${p.counterNumber} 号窗口办理` : '正在叫号，请到窗口办理',
        facts: p.counterName ? [['窗口', p.counterName]] : served,
      };
    case 'done':
      return { headline: '已办理完毕', facts: [] };
    case 'no-show':
      return { headline: '已过号，请到窗口咨询或重新取号', facts: [] };
    case 'other-day':
      return { headline: `这是 ${p.day ?? ''} 的号票，号票当日有效`, facts: [] };
    case 'unknown':
      return { headline: '无法识别这张号票，请到服务台咨询', facts: [] };
  }
}

export function ticketPageHtml(
  centreName: string,
  p: TicketProgressView,
  sms: TicketSms = { kind: 'none' },
): string {
  const { headline, facts } = stateLines(p);
  const live = p.state === 'waiting' || p.state === 'called';
  const rows = facts
    .map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${live ? `<meta http-equiv="refresh" content="${TICKET_PAGE_REFRESH_S}">` : ''}
<title>排队进度</title>
<style>
${TICKET_PAGE_STYLE}</style>
</head>
<body>
<main class="state-${p.state}" data-state="${p.state}">
<h1>${escapeHtml(centreName)} · 排队进度</h1>
${p.number ? `<p class="number" data-testid="number">${escapeHtml(p.number)}</p>` : ''}
${p.serviceName ? `<p class="service">${escapeHtml(p.serviceName)}</p>` : ''}
<p class="headline" data-testid="headline">${escapeHtml(headline)}</p>
${rows ? `<dl>${rows}</dl>` : ''}
${p.state === 'waiting' || (p.state === 'called' && sms.kind === 'set') ? smsLine(sms) : ''}
${live ? `<p class="note">本页每 ${TICKET_PAGE_REFRESH_S} 秒自动刷新；号票当日有效，请留意大厅叫号。</p>` : ''}
</main>
</body>
</html>
`;
}
