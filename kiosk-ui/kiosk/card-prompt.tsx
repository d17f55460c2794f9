import type { ServiceView } from '../../contract/api.ts';
import { serviceLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import { ReaderIllustration, ReaderWhere } from './reader-hint.tsx';
import type { ReaderPlacement } from './reader-placement.ts';

export function CardPrompt({
  service,
  reader,
  onCancel,
  onCamera,
}: {
  service: ServiceView;
  reader: ReaderPlacement;
  onCancel: () => void;
  /** 证件拍照, when this kiosk has a document camera. */
  onCamera?: (() => void) | undefined;
}) {
  const { lang, t } = useLang();
  return (
    <main class={`card-prompt reader-${reader}`} aria-live="polite">
      <h2>{t('kiosk.cardPrompt.title', { service: serviceLabel(lang, service) })}</h2>
      <p class="prompt-body">{t('kiosk.cardPrompt.body')}</p>
      <ReaderIllustration placement={reader} big />
      <p class="prompt-where">
        <ReaderWhere placement={reader} />
      </p>
      <p class="prompt-aside">{t('kiosk.cardAside')}</p>
      {onCamera && (
        <button type="button" class="camera-open" data-testid="camera-open" onClick={onCamera}>
          {t('kiosk.camera.open')}
        </button>
      )}
      <button type="button" class="secondary-button" onClick={onCancel}>
        {t('common.back')}
      </button>
    </main>
  );
}
