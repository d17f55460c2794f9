import type { ComponentChildren } from 'preact';
import { apiErrorText } from '../shared/api-errors.ts';
import type { Translator } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';

/** Title with a big 返回 button beside it, then the content: the frame of every screen reached from the lower home tiles. */
export function SideFrame({
  title,
  onBack,
  children,
}: {
  title: string;
  onBack: () => void;
  children: ComponentChildren;
}) {
  const { t } = useLang();
  return (
    <main class="side-screen">
      <div class="side-head">
        <h2 class="side-title">{title}</h2>
        <button type="button" class="secondary-button back-button" onClick={onBack}>
          {t('common.back')}
        </button>
      </div>
      <div class="side-body">{children}</div>
    </main>
  );
}

/** The message a screen shows when its endpoint is not on this appliance yet, or refused. */
export function failureText(t: Translator, err: unknown, notImplemented: boolean): string {
  if (notImplemented) return t('kiosk.unavailable');
  return apiErrorText(t, err);
}
