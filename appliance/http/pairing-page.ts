/**
 * The page a screen's browser opens to pair (`/pair?code=…`, as `shequ pair` prints it): the code,
 * prefilled, and one button. A plain form, so it works before any screen's bundle is built.
 */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type PairingPageNotice = 'refused' | 'throttled' | null;

const NOTICE: Record<Exclude<PairingPageNotice, null>, string> = {
  refused:
    '配对码无效、已使用或已过期，请重新生成。<br>The pairing code is unknown, used or expired: make a new one.',
  throttled: '尝试次数过多，请稍后再试。<br>Too many attempts: wait a minute and try again.',
};

export function pairingPage(code: string, notice: PairingPageNotice): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>屏幕配对 · Pair this screen</title>
<style>body{font:20px/1.5 system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em}
input,button{font:inherit;padding:.4em .6em}input{letter-spacing:.15em;text-transform:uppercase}
.notice{color:#a00}</style></head>
<body><h1>屏幕配对 <small>Pair this screen</small></h1>
<p>输入安装时 <code>shequ pair</code> 给出的配对码。<br>Enter the code <code>shequ pair</code> printed on the appliance.</p>
${notice ? `<p class="notice" role="alert">${NOTICE[notice]}</p>` : ''}
<form method="post" action="/pair"><label>配对码 Code <input name="code" required maxlength="32" autocomplete="off" value="${escapeHtml(code)}"></label>
<button type="submit">配对 Pair</button></form></body></html>
`;
}
