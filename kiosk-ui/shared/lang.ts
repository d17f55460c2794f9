/** The current language of one app, as a signal; components read it through `useLang()`. */
import { effect, signal } from '@preact/signals-core';
import { type Lang, type Translator, translator } from './i18n.ts';

export const language = signal<Lang>('zh-CN');

effect(() => {
  const lang = language.value;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
});

/** Read in a component's render: with @preact/signals loaded, the component re-renders on a change. */
export function useLang(): { lang: Lang; t: Translator } {
  const lang = language.value;
  return { lang, t: translator(lang) };
}
