import { useLang } from './lang.ts';

/** Shown while the SSE stream to the appliance is down (not for the uplink to central). */
export function ConnectionBanner({ connected }: { connected: boolean }) {
  const { t } = useLang();
  if (connected) return null;
  return (
    <div class="banner banner-offline" role="alert" data-testid="offline-banner">
      {t('conn.offline')}
    </div>
  );
}
