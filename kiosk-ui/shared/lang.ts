/** The current language of one app, as a store; components read it through `useLang()`. */
import { type Lang, type Translator, translator } from './i18n.ts';
import { createStore } from './store.ts';
import { useStore } from './use-store.ts';

export const language = createStore<Lang>('zh-CN');

language.subscribe((lang) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
});

export function useLang(): { lang: Lang; t: Translator } {
  const lang = useStore(language);
  return { lang, t: translator(lang) };
}
