/** The button that switches an app between Chinese and English, labelled in the other language. */
import { otherLang } from './i18n.ts';
import { language, useLang } from './lang.ts';

export function LanguageButton({ className = 'lang-button' }: { className?: string }) {
  const { lang, t } = useLang();
  return (
    <button
      type="button"
      class={className}
      lang={otherLang(lang)}
      onClick={() => {
        language.value = otherLang(lang);
      }}
    >
      {t('lang.switch')}
    </button>
  );
}
