/**
 * What verifyCode says about a scanned text. Every outcome is a value; only `shequ` may be acted on.
 */
import type { ForeignFormat } from './foreign.ts';
import type { CodeFieldsByType, CodeType } from './payloads.ts';

export type ShequCode = {
  [K in CodeType]: { kind: 'shequ'; type: K; fields: CodeFieldsByType[K]; keyId: string };
}[CodeType];

/** A genuine appointment code past its expiry. */
export type ExpiredCode = {
  kind: 'expired';
  type: 'appointment';
  fields: CodeFieldsByType['appointment'];
  expiredAt: number;
};

export type ForgedReason =
  /** The signature does not match the content: a field or the signature was changed, or another key signed it. */
  | 'bad-signature'
  /** Signed under a key this centre does not have (another centre, or a retired key). */
  | 'unknown-key'
  /** The old unsigned SQ1:T:… form: anyone could have made it. */
  | 'unsigned';

export type MalformedReason =
  | 'empty'
  | 'too-long'
  | 'truncated'
  | 'field-count'
  | 'unknown-type'
  | 'bad-key-id'
  | 'bad-signature-encoding'
  | 'bad-field'
  | 'unsupported-version';

export type CodeVerdict =
  | ShequCode
  | ExpiredCode
  | { kind: 'forged'; reason: ForgedReason }
  | { kind: 'malformed'; reason: MalformedReason; detail?: string }
  | { kind: 'foreign'; text: string; format: ForeignFormat };

/** What to tell the resident, in Chinese first; never includes the scanned content. */
export function verdictMessage(verdict: CodeVerdict): { zh: string; en: string } {
  switch (verdict.kind) {
    case 'shequ':
      return { zh: '二维码有效', en: 'Code accepted' };
    case 'expired':
      return { zh: '此预约码已过期，请重新预约或到服务台咨询', en: 'This appointment code has expired' };
    case 'forged':
      return verdict.reason === 'unknown-key'
        ? { zh: '此二维码不是本中心签发的，请到服务台咨询', en: 'This code was not issued by this centre' }
        : { zh: '此二维码无法验证，可能已被更改，请到服务台咨询', en: 'This code cannot be verified' };
    case 'malformed':
      return { zh: '二维码不完整或已损坏，请重新扫描', en: 'The code is incomplete or damaged; scan again' };
    case 'foreign':
      return verdict.format === 'wechat' || verdict.format === 'alipay'
        ? { zh: '这是支付或微信二维码，请扫描本中心打印的二维码', en: 'This is a payment/WeChat code' }
        : { zh: '这不是本中心的二维码', en: 'This is not a code from this centre' };
  }
}
