/**
 * The tiny i18n module shared by the kiosk, the admin panel and the board:
 * Simplified Chinese first, English second, `{name}` placeholders.
 */
import { en } from './messages-en.ts';
import { type MessageKey, zh } from './messages-zh.ts';

export type { MessageKey } from './messages-zh.ts';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

const catalogues: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

export type MessageParams = Record<string, string | number>;

/** A placeholder with no value is left visible as `{name}` so a missing argument shows up in review. */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  return interpolate(catalogues[lang][key], params);
}

/** Whether a computed key (e.g. `error.${code}`) has a text. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
}

export function otherLang(lang: Lang): Lang {
  return lang === 'zh-CN' ? 'en' : 'zh-CN';
}

export type Translator = (key: MessageKey, params?: MessageParams) => string;

export function translator(lang: Lang): Translator {
  return (key, params) => translate(lang, key, params);
}
