import { useCallback } from 'preact/hooks';
import type { ApiClient } from '../shared/api-client.ts';
import { ConnectionBanner } from '../shared/connection-banner.tsx';
import { centreLabel } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import { LanguageButton } from '../shared/lang-button.tsx';
import type { StateStream } from '../shared/state-stream.ts';
import { Appointment } from './appointment.tsx';
import { CameraEntry, cameraReady } from './camera-entry.tsx';
import { CardPrompt } from './card-prompt.tsx';
import { ErrorScreen } from './error-screen.tsx';
import { OutOfService } from './fault-panel.tsx';
import { summariseFaults } from './faults.ts';
import type { KioskFlow } from './flow.ts';
import { Guide } from './guide.tsx';
import { Home } from './home.tsx';
import { Progress } from './progress.tsx';
import { Rating } from './rating.tsx';
import type { ReaderPlacement } from './reader-placement.ts';
import { scanNoticeText } from './scan-notice.ts';
import { TicketScreen } from './ticket-screen.tsx';
import { IDLE_MS, useIdleReset } from './use-idle-reset.ts';
import { useSpokenPrompts } from './use-spoken-prompts.ts';

interface KioskAppProps {
  stream: StateStream;
  flow: KioskFlow;
  api: ApiClient;
  reader: ReaderPlacement;
}

/** The whole kiosk screen: a top bar that is always there (centre, 长辈模式 switch, language), then one screen. */
export function KioskApp({ stream, flow, api, reader }: KioskAppProps) {
  const live = stream.live.value;
  const screen = flow.screen.value;
  const card = flow.card.value;
  const { elderly } = flow.prefs.value;
  const notice = flow.notice.value;
  const { lang, t } = useLang();
  const readerCard = live.state?.card ?? null;

  const onIdle = useCallback(() => flow.idle(), [flow]);
  useIdleReset(
    elderly ? IDLE_MS.elderly : IDLE_MS.standard,
    onIdle,
    `${screen.kind}|${readerCard?.maskedNumber}`,
  );
  useSpokenPrompts(screen, elderly, lang, t);

  const state = live.state;
  const faults = summariseFaults(state?.devices, live.connected);
  const camera = cameraReady(state?.devices.camera);
  const body = (() => {
    if (!state) return live.failed ? <OutOfService /> : <main class="loading">{t('common.loading')}</main>;
    if (!faults.canIssue && screen.kind !== 'ticket') return <OutOfService />;
    switch (screen.kind) {
      case 'home':
        return (
          <Home
            state={state}
            card={card}
            faults={faults}
            elderly={elderly}
            reader={reader}
            onChoose={(s) => void flow.choose(s.id)}
            onOpen={flow.open}
            onCamera={camera ? () => flow.openCamera() : undefined}
          />
        );
      case 'card-prompt':
        return (
          <CardPrompt
            service={screen.service}
            reader={reader}
            onCancel={flow.home}
            onCamera={camera ? () => flow.openCamera(screen.service) : undefined}
          />
        );
      case 'camera':
        return <CameraEntry api={api} service={screen.service} onBack={flow.home} />;
      case 'taking':
        return (
          <main class="loading" aria-busy="true">
            {t('kiosk.taking')}
          </main>
        );
      case 'ticket':
        return (
          <TicketScreen
            service={screen.service}
            ticket={screen.ticket}
            printed={screen.printed}
            withCard={screen.withCard}
            api={api}
            onDone={flow.home}
          />
        );
      case 'error':
        return <ErrorScreen code={screen.code} onBack={flow.home} />;
      case 'guide':
        return <Guide state={state} api={api} onBack={flow.home} />;
      case 'rating':
        return <Rating state={state} api={api} onBack={flow.home} />;
      case 'appointment':
        return (
          <Appointment
            api={api}
            card={card}
            onTicket={(res) => flow.showTicket(res.ticket, res.printed, true)}
            onBack={flow.home}
          />
        );
      case 'progress':
        return (
          <Progress api={api} card={card} scannedReceipt={flow.scannedReceipt.value} onBack={flow.home} />
        );
    }
  })();

  return (
    <div class={elderly ? 'kiosk elderly' : 'kiosk'} data-screen={screen.kind}>
      <ConnectionBanner connected={live.connected} />
      <header class="topbar">
        <h1 class="centre-name" data-testid="centre-name">
          {state ? centreLabel(lang, state.kiosk) : t('conn.connecting')}
        </h1>
        <button
          type="button"
          class="mode-button"
          aria-pressed={elderly}
          data-testid="elderly-toggle"
          onClick={() => flow.setElderly(!elderly)}
        >
          {elderly ? t('kiosk.elderly.off') : t('kiosk.elderly.on')}
        </button>
        <LanguageButton />
      </header>
      {notice && (
        <p class="notice notice-scan" role="alert" data-testid="scan-notice" data-verdict={notice.verdict}>
          {scanNoticeText(t, notice)}
        </p>
      )}
      {flow.cardToTake.value && screen.kind !== 'ticket' && (
        <p class="notice notice-take-card" role="alert" data-testid="take-card">
          {t('kiosk.takeCard')}
        </p>
      )}
      {faults.faults.includes('uplink-down') && (
        <p class="notice notice-uplink" data-testid="uplink-notice">
          {t('uplink.down')}
        </p>
      )}
      {body}
    </div>
  );
}
