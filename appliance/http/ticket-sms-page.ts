/**
 * The SMS reminder form behind the ticket's phone page (`/q/{code}/sms`): a number and how many
 * people ahead to be told at, posted as a plain form (no script), and the answer: the number said
 * back masked, or what stands in the way. This page does not reload itself, so typing is not lost.
 */
import { MOBILE_NUMBER } from '../../contract/notify-api.ts';
import { escapeHtml, type SmsDelivery, smsDeliveryLine, TICKET_PAGE_STYLE } from './ticket-page.ts';

/** The choices of N offered: only those below the people ahead now. */
export const AHEAD_CHOICES = [1, 2, 3, 5, 10] as const;

export type SmsFormState =
  | { kind: 'form'; number: string; peopleAhead: number; error?: string }
  | { kind: 'done'; number: string; masked: string; ahead: number; delivery?: SmsDelivery }
  | { kind: 'closed'; message: string };

const page = (centreName: string, backHref: string, body: string) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>短信提醒</title>
<style>
${TICKET_PAGE_STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(centreName)} · 短信提醒</h1>
${body}
<p><a href="${escapeHtml(backHref)}" data-testid="back">返回排队进度</a></p>
</main>
</body>
</html>
`;

export function ticketSmsPageHtml(centreName: string, backHref: string, s: SmsFormState): string {
  if (s.kind === 'closed')
    return page(
      centreName,
      backHref,
      `<p class="headline" data-testid="sms-closed">${escapeHtml(s.message)}</p>`,
    );
  if (s.kind === 'done')
    return page(
      centreName,
      backHref,
      `<p class="number">${escapeHtml(s.number)}</p>
<p class="headline" data-testid="sms-done">已设置：前面剩 ${s.ahead} 人时，发短信到 ${escapeHtml(s.masked)}</p>
${smsDeliveryLine(s.masked, s.delivery)}
<p class="note">短信由中心发出；回复 TD 可退订。号码只用于本次提醒。</p>`,
    );
  const choices = AHEAD_CHOICES.filter((n) => n < s.peopleAhead);
  const options = choices
    .map(
      (n) =>
        `<option value="${n}"${n === Math.min(3, choices.at(-1) ?? 3) ? ' selected' : ''}>${n} 人</option>`,
    )
    .join('');
  return page(
    centreName,
    backHref,
    `<p class="number">${escapeHtml(s.number)}</p>
<p class="service">前面等候 ${s.peopleAhead} 人</p>
${s.error ? `<p class="error" data-testid="sms-error">${escapeHtml(s.error)}</p>` : ''}
<form method="post" data-testid="sms-form">
<label>手机号码<input name="phone" type="tel" inputmode="numeric" autocomplete="tel" required pattern="${MOBILE_NUMBER.replace(/^\^|\$$/g, '')}" maxlength="11" placeholder="11 位手机号码"></label>
<label>前面剩几人时提醒我<select name="ahead">${options}</select></label>
<button type="submit">设置短信提醒</button>
</form>
<p class="note">快到号时中心发一条短信给您；号码加密发往中心，本机不保存。</p>`,
  );
}
