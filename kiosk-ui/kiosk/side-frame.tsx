import type { ComponentChildren } from 'preact';
import { useLang } from '../shared/lang.ts';

/** Title, content and a big 返回 button: the frame of every screen reached from the lower home tiles. */
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
      <h2 class="side-title">{title}</h2>
      <div class="side-body">{children}</div>
      <button type="button" class="secondary-button back-button" onClick={onBack}>
        {t('common.back')}
      </button>
    </main>
  );
}

/** The message a screen shows when its endpoint is not on this appliance yet, or failed. */
export function failureText(
  t: (key: 'kiosk.unavailable') => string,
  err: unknown,
  notImplemented: boolean,
): string {
  if (notImplemented) return t('kiosk.unavailable');
  return err instanceof Error ? err.message : String(err);
}
