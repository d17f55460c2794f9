import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ticketCodeOf, ticketQrText } from './ticket-progress.ts';

const code = 'SQ1.T.K1.20261201.A023.x:y';

test("a ticket's QR holds the phone page's address when the site has one, else the code", () => {
  assert.equal(ticketQrText(code, undefined), code);
  const url = ticketQrText(code, 'http://192.168.1.20:8080/');
  assert.equal(url, `http://192.168.1.20:8080/q/${encodeURIComponent(code)}`);
  assert.equal(
    ticketQrText(code, 'https://q.example.cn/xf'),
    `https://q.example.cn/xf/q/${encodeURIComponent(code)}`,
  );
});

test('the scanner finds the code in the page address, and leaves anything else as scanned', () => {
  assert.equal(ticketCodeOf(ticketQrText(code, 'https://q.example.cn/xf')), code);
  assert.equal(ticketCodeOf(`${ticketQrText(code, 'http://10.0.0.2')}?from=wechat`), code);
  assert.equal(ticketCodeOf(code), code);
  assert.equal(ticketCodeOf('https://qr.alipay.com/fkx123'), 'https://qr.alipay.com/fkx123');
  assert.equal(ticketCodeOf('http://x/q/%E0%A4%A'), 'http://x/q/%E0%A4%A', 'a broken escape is not a code');
});
