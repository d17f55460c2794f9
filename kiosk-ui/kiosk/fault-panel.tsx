import type { MessageKey } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import type { KioskFault } from './faults.ts';

/** Typed, so a new fault kind without texts fails the type check rather than showing a raw key. */
export const faultTexts: Record<KioskFault, { title: MessageKey; body: MessageKey }> = {
  'appliance-offline': { title: 'fault.appliance-offline.title', body: 'fault.appliance-offline.body' },
  'printer-paper-out': { title: 'fault.printer-paper-out.title', body: 'fault.printer-paper-out.body' },
  'printer-jammed': { title: 'fault.printer-jammed.title', body: 'fault.printer-jammed.body' },
  'printer-cover-open': { title: 'fault.printer-cover-open.title', body: 'fault.printer-cover-open.body' },
  'printer-offline': { title: 'fault.printer-offline.title', body: 'fault.printer-offline.body' },
  'printer-fault': { title: 'fault.printer-fault.title', body: 'fault.printer-fault.body' },
  'printer-paper-low': { title: 'fault.printer-paper-low.title', body: 'fault.printer-paper-low.body' },
  'reader-unplugged': { title: 'fault.reader-unplugged.title', body: 'fault.reader-unplugged.body' },
  'reader-fault': { title: 'fault.reader-fault.title', body: 'fault.reader-fault.body' },
  'uplink-down': { title: 'fault.uplink-down.title', body: 'fault.uplink-down.body' },
};

const severe: ReadonlySet<KioskFault> = new Set([
  'printer-paper-out',
  'printer-jammed',
  'printer-cover-open',
  'printer-offline',
  'printer-fault',
  'reader-unplugged',
  'reader-fault',
]);

/** One clear panel per fault the resident needs to know about (the uplink gets a one-line notice elsewhere). */
export function FaultPanels({ faults }: { faults: KioskFault[] }) {
  const { t } = useLang();
  const shown = faults.filter((f) => f !== 'uplink-down' && f !== 'appliance-offline');
  if (shown.length === 0) return null;
  return (
    <div class="faults">
      {shown.map((fault) => (
        <section
          key={fault}
          class={severe.has(fault) ? 'fault fault-severe' : 'fault fault-mild'}
          role={severe.has(fault) ? 'alert' : 'status'}
          data-testid={`fault-${fault}`}
        >
          <span class="fault-icon" aria-hidden="true">
            !
          </span>
          <div>
            <h2 class="fault-title">{t(faultTexts[fault].title)}</h2>
            <p class="fault-body">{t(faultTexts[fault].body)}</p>
          </div>
        </section>
      ))}
    </div>
  );
}

/** The whole screen when the appliance itself is unreachable: nothing else can be done here. */
export function OutOfService() {
  const { t } = useLang();
  return (
    <main class="out-of-service" role="alert" data-testid="fault-appliance-offline">
      <span class="fault-icon fault-icon-big" aria-hidden="true">
        !
      </span>
      <h2>{t('fault.appliance-offline.title')}</h2>
      <p>{t('fault.appliance-offline.body')}</p>
    </main>
  );
}
