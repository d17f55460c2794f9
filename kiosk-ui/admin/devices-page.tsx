import type { DeviceHealth, DeviceState, PublicState } from '../../contract/api.ts';
import { formatClock, formatDuration } from '../shared/format.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { useLang } from '../shared/lang.ts';
import { deviceDetailText } from './device-detail.ts';

const stateLabels: Record<DeviceState, MessageKey> = {
  ok: 'devices.state.ok',
  warning: 'devices.state.warning',
  fault: 'devices.state.fault',
  disconnected: 'devices.state.disconnected',
};

const rows: {
  key: 'reader' | 'printer' | 'scanner' | 'camera' | 'uplink' | 'panelCert';
  label: MessageKey;
}[] = [
  { key: 'reader', label: 'devices.reader' },
  { key: 'printer', label: 'devices.printer' },
  { key: 'scanner', label: 'devices.scanner' },
  { key: 'camera', label: 'devices.camera' },
  { key: 'uplink', label: 'devices.uplink' },
  { key: 'panelCert', label: 'devices.panelCert' },
];

/** Before the kiosk has opened its camera the appliance has no health for it yet. */
const cameraNotSeen: DeviceHealth = { state: 'disconnected', since: 0, detail: 'not configured' };

function HealthRow({ label, health }: { label: string; health: DeviceHealth }) {
  const { lang, t } = useLang();
  return (
    <tr data-testid="device-row" class={`device-${health.state}`} data-detail={health.detail ?? ''}>
      <th scope="row">{label}</th>
      <td>
        <span class={`state-pill state-${health.state}`}>{t(stateLabels[health.state])}</span>
      </td>
      <td>{deviceDetailText(lang, t, health)}</td>
      <td>{health.since > 0 ? formatClock(health.since) : ''}</td>
    </tr>
  );
}

/** Reader, printer, uplink and the outbox, live from the SSE state. */
export function DevicesPage({ state, now }: { state: PublicState | null; now: number }) {
  const { t } = useLang();
  if (!state) return <p class="loading">{t('common.loading')}</p>;
  const { outbox } = state.devices;
  return (
    <section class="devices" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('devices.title')}</h2>
      <table class="queue-table devices-table">
        <thead>
          <tr>
            <th scope="col">{t('devices.col.device')}</th>
            <th scope="col">{t('devices.col.state')}</th>
            <th scope="col">{t('devices.col.detail')}</th>
            <th scope="col">{t('devices.col.since')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const health = state.devices[row.key];
            // Without TLS for the panel there is no certificate to show.
            if (!health && row.key === 'panelCert') return null;
            return <HealthRow key={row.key} label={t(row.label)} health={health ?? cameraNotSeen} />;
          })}
          <tr data-testid="outbox-row">
            <th scope="row">{t('devices.outbox')}</th>
            <td>{t('devices.outbox.depth', { depth: outbox.depth })}</td>
            <td>
              {outbox.depth > 0
                ? t('devices.outbox.oldest', { age: formatDuration(t, outbox.oldestAgeMs) })
                : ''}
            </td>
            <td data-testid="last-sync">
              {t('devices.lastSync')}:{' '}
              {outbox.lastAckAt !== undefined
                ? t('devices.outbox.lastAck', { time: formatDuration(t, now - outbox.lastAckAt) })
                : t('devices.outbox.never')}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
