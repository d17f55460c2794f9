import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../shared/api-client.ts';
import { ConnectionBanner } from '../shared/connection-banner.tsx';
import { centreLabel } from '../shared/format.ts';
import { otherLang } from '../shared/i18n.ts';
import { language, useLang } from '../shared/lang.ts';
import type { StateStream } from '../shared/state-stream.ts';
import { useStore } from '../shared/use-store.ts';
import { Appointment } from './appointment.tsx';
import { CardPrompt } from './card-prompt.tsx';
import { OutOfService } from './fault-panel.tsx';
import { summariseFaults } from './faults.ts';
import type { KioskFlow } from './flow.ts';
import { Guide } from './guide.tsx';
import { Home } from './home.tsx';
import { Progress } from './progress.tsx';
import { Rating } from './rating.tsx';
import { scanNoticeText } from './scan-notice.ts';
import { TicketScreen } from './ticket-screen.tsx';
import { IDLE_MS, useIdleReset } from './use-idle-reset.ts';
import { useSpokenPrompts } from './use-spoken-prompts.ts';

interface KioskAppProps {
  stream: StateStream;
  flow: KioskFlow;
  api: ApiClient;
}

export function KioskApp({ stream, flow, api }: KioskAppProps) {
  const live = useStore(stream.live);
  const screen = useStore(flow.screen);
  const card = useStore(flow.card);
  const prefs = useStore(flow.prefs);
  const { lang, t } = useLang();
  const readerCard = live.state?.card ?? null;

  useEffect(() => {
    void flow.cardChanged(readerCard);
  }, [readerCard, flow]);
  const onIdle = useCallback(() => flow.idle(), [flow]);
  useIdleReset(
    prefs.elderly ? IDLE_MS.elderly : IDLE_MS.standard,
    onIdle,
    `${screen.kind}|${readerCard?.maskedNumber}`,
  );
  useSpokenPrompts(screen, prefs.elderly, lang, t);

  // A code held under the scanner: a receipt opens its progress; anything else gets a plain notice.
  const scan = live.state?.scan ?? null;
  const [scannedReceipt, setScannedReceipt] = useState<string | undefined>(undefined);
  const [scanNotice, setScanNotice] = useState<string | null>(null);
  const scanAt = scan?.at;
  // A scan already in the first state this page sees happened before it loaded: not for this visitor.
  const baseline = useRef<number | null | undefined>(undefined);
  useEffect(() => {
    if (live.state && baseline.current === undefined) baseline.current = scanAt ?? null;
  }, [live.state, scanAt]);
  useEffect(() => {
    if (!scan || scanAt === undefined || baseline.current === undefined || scanAt === baseline.current)
      return;
    if (scan.verdict === 'receipt' && scan.receiptNo) {
      setScanNotice(null);
      setScannedReceipt(scan.receiptNo);
      flow.open('progress');
    } else {
      setScanNotice(scanNoticeText(scan, t));
    }
    // Keyed on the scan's time: only a new scan moves the screen, not every state push.
  }, [scanAt, flow]);
  useEffect(() => {
    if (screen.kind !== 'progress') setScannedReceipt(undefined);
  }, [screen.kind]);

  const state = live.state;
  const faults = summariseFaults(state?.devices, live.connected);
  const body = (() => {
    if (!state) return <main class="loading">{t('common.loading')}</main>;
    if (!faults.canIssue && screen.kind !== 'ticket') return <OutOfService />;
    switch (screen.kind) {
      case 'home':
        return (
          <Home
            state={state}
            card={card}
            faults={faults}
            elderly={prefs.elderly}
            onChoose={(s) => void flow.choose(s.id)}
            onOpen={flow.open}
            onElderly={flow.setElderly}
          />
        );
      case 'card-prompt':
        return <CardPrompt service={screen.service} onCancel={flow.home} />;
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
            onDone={flow.home}
          />
        );
      case 'error':
        return (
          <main class="error-screen" role="alert">
            <h2>{t('kiosk.error.title')}</h2>
            <p data-testid="error-message">{screen.message}</p>
            <button type="button" class="primary-button" onClick={flow.home}>
              {t('common.back')}
            </button>
          </main>
        );
      case 'guide':
        return <Guide state={state} onBack={flow.home} />;
      case 'rating':
        return <Rating state={state} api={api} onBack={flow.home} />;
      case 'appointment':
        return (
          <Appointment
            api={api}
            card={card}
            onTicket={(res) => flow.showTicket(res.ticket, res.printed)}
            onBack={flow.home}
          />
        );
      case 'progress':
        return <Progress api={api} card={card} scannedReceipt={scannedReceipt} onBack={flow.home} />;
    }
  })();

  return (
    <div class={prefs.elderly ? 'kiosk elderly' : 'kiosk'}>
      <ConnectionBanner connected={live.connected} />
      <header class="topbar">
        <h1 class="centre-name" data-testid="centre-name">
          {state ? centreLabel(lang, state.kiosk) : t('conn.connecting')}
        </h1>
        <button
          type="button"
          class="lang-button"
          lang={otherLang(lang)}
          onClick={() => language.set(otherLang(lang))}
        >
          {t('lang.switch')}
        </button>
      </header>
      {scanNotice && (
        <p class="notice notice-scan" role="alert" data-testid="scan-notice">
          {scanNotice}
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
