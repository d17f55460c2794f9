/**
 * The drivers describe a device's state in English (for logs). The devices page says it in the
 * page's language: known descriptions are translated; anything else is summarised in Chinese and
 * the driver's words stay in the row's data-detail attribute for an engineer. (A proposed contract
 * change gives DeviceHealth a code, so this table can go.)
 */
import type { DeviceHealth } from '../../contract/api.ts';
import type { Lang, MessageKey, Translator } from '../shared/i18n.ts';

const known: { pattern: RegExp; key: MessageKey }[] = [
  { pattern: /^(USB-)?HID scanner/, key: 'devices.detail.hidScanner' },
  { pattern: /^serial scanner|^scanner on /i, key: 'devices.detail.serialScanner' },
  { pattern: /^not configured/, key: 'devices.detail.notConfigured' },
  { pattern: /^OCR ready/, key: 'devices.detail.ocrReady' },
  { pattern: /^OCR working/, key: 'devices.detail.ocrWorking' },
  { pattern: /^OCR failed/, key: 'devices.detail.ocrFailed' },
  { pattern: /^connecting/, key: 'devices.detail.connecting' },
  { pattern: /not opened yet/, key: 'devices.detail.notOpened' },
  { pattern: /one-way link/, key: 'devices.detail.oneWay' },
  { pattern: /does not answer status requests/, key: 'devices.detail.noStatus' },
  { pattern: /central ingest offline/, key: 'devices.detail.ingestOffline' },
  { pattern: /left the reader before it could be read/, key: 'devices.detail.cardPulled' },
  { pattern: /could not be read after/, key: 'devices.detail.cardUnreadable' },
  { pattern: /^find card/, key: 'devices.detail.findCard' },
  {
    pattern: /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOENT|link closed|closed/i,
    key: 'devices.detail.linkDown',
  },
];

/** The printer's condition texts are "中文 english" pairs ("缺纸 paper out; 纸仓盖打开 cover open"). */
function chineseConditions(detail: string): string[] {
  return detail
    .split(';')
    .map((part) => /^\s*([\u4e00-\u9fff]+)\s+[a-z][a-z ()-]*$/i.exec(part)?.[1])
    .filter((c): c is string => c !== undefined);
}

export function deviceDetailText(lang: Lang, t: Translator, health: DeviceHealth): string {
  const detail = health.detail ?? '';
  if (detail === '' || lang !== 'zh-CN') return detail;
  const waiting = /(\d+) job\(s\) waiting/.exec(detail);
  const suffix = waiting ? t('devices.detail.jobsWaiting', { n: Number(waiting[1]) }) : '';
  const conditions = chineseConditions(detail.replace(/;?\s*\d+ job\(s\) waiting/, ''));
  if (conditions.length > 0) return conditions.join('；') + suffix;
  const match = known.find((k) => k.pattern.test(detail));
  return (match ? t(match.key) : t('devices.detail.other')) + suffix;
}
