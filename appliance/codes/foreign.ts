/**
 * What a code that is not Shequ's most likely is, so the kiosk can say something useful ("this is a
 * WeChat code") instead of "invalid". Only a hint: nothing here is trusted.
 */

export type ForeignFormat = 'wechat' | 'alipay' | 'url' | 'ean-13' | 'ean-8' | 'upc-a' | 'gs1' | 'text';

const WECHAT =
  /^(?:wxp:\/\/|weixin:\/\/|https?:\/\/(?:weixin\.qq\.com|u\.wechat\.com|wx\.tenpay\.com|mp\.weixin\.qq\.com)\/)/i;
const ALIPAY = /^(?:alipays?:\/\/|https?:\/\/(?:qr\.alipay\.com|render\.alipay\.com|ds\.alipay\.com)\/)/i;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

export function classifyForeign(text: string): ForeignFormat {
  if (WECHAT.test(text)) return 'wechat';
  if (ALIPAY.test(text)) return 'alipay';
  if (URL_SCHEME.test(text)) return 'url';
  if (/^\d{13}$/.test(text) && gtinCheckDigitValid(text)) return 'ean-13';
  if (/^\d{12}$/.test(text) && gtinCheckDigitValid(text)) return 'upc-a';
  if (/^\d{8}$/.test(text) && gtinCheckDigitValid(text)) return 'ean-8';
  if (text.startsWith(']C1') || text.startsWith(']Q3') || text.includes('\x1d')) return 'gs1';
  return 'text';
}

/** GS1 mod-10: weights 3 and 1 alternating from the digit left of the check digit. */
export function gtinCheckDigitValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += Number(digits[i]) * weight;
  }
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}
