import { useCallback, useState } from 'preact/hooks';
import type { CounterView, DeviceRole, PairedDeviceView, PairingCodeView, Role } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { formatClock } from '../shared/format.ts';
import { useLang } from '../shared/lang.ts';
import { useAdminList } from './use-admin-list.ts';

const ROLES: DeviceRole[] = ['kiosk', 'board', 'counter-rating'];

interface PairingPanelProps {
  api: ApiClient;
  role: Role;
  counters: CounterView[];
}

/** An admin makes a one-time pairing code for a screen, sees it large, and unpairs screens. */
export function PairingPanel({ api, role, counters }: PairingPanelProps) {
  const { t } = useLang();
  const [screen, setScreen] = useState<DeviceRole>('kiosk');
  const [counterId, setCounterId] = useState('');
  const [label, setLabel] = useState('');
  const [code, setCode] = useState<PairingCodeView | null>(null);
  const loadDevices = useCallback(async () => (await api.pairedDevices()).devices, [api]);
  const {
    items: devices,
    refresh,
    message,
    setMessage,
    failed,
  } = useAdminList<PairedDeviceView>(role, loadDevices);
  const [busy, setBusy] = useState(false);
  const chosenCounter = counterId || counters[0]?.id || '';
  const counterName = (id: string | undefined) => {
    const c = counters.find((k) => k.id === id);
    return c ? `${c.number} · ${c.name}` : (id ?? '');
  };

  // Screens paired without a name carry the appliance's role code as their label; say the role instead.
  const deviceName = (d: PairedDeviceView) =>
    d.label === d.role || d.label === `${d.role}:${d.counterId ?? ''}`
      ? t(`pairing.role.${d.role}`)
      : d.label;

  if (role !== 'admin') return <p class="note">{t('pairing.adminOnly')}</p>;

  const create = async () => {
    setBusy(true);
    setMessage('');
    try {
      setCode(
        await api.createPairing({
          role: screen,
          ...(screen === 'counter-rating' ? { counterId: chosenCounter } : {}),
          ...(label.trim() ? { label: label.trim() } : {}),
        }),
      );
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (device: PairedDeviceView) => {
    const name = deviceName(device);
    if (!window.confirm(t('pairing.revokeConfirm', { label: name }))) return;
    try {
      await api.revokeDevice(device.id);
      setMessage(t('pairing.revoked', { label: name }));
    } catch (err) {
      failed(err);
    }
    await refresh();
  };
  const link = code ? `${window.location.origin}${code.pairPath}` : '';

  return (
    <section class="pairing" aria-labelledby="pairing-title" data-testid="pairing">
      <h2 id="pairing-title">{t('pairing.title')}</h2>
      <p class="note">{t('pairing.intro')}</p>
      <div class="pairing-form">
        <label>
          {t('pairing.role')}{' '}
          <select
            value={screen}
            data-testid="pairing-role"
            onChange={(e) => setScreen(e.currentTarget.value as DeviceRole)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`pairing.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {screen === 'counter-rating' && (
          <label>
            {t('pairing.counter')}{' '}
            <select
              value={chosenCounter}
              data-testid="pairing-counter"
              onChange={(e) => setCounterId(e.currentTarget.value)}
            >
              {counters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.number} · {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('pairing.label')}{' '}
          <input value={label} maxLength={40} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <button
          type="button"
          class="action-button"
          data-testid="pairing-create"
          disabled={busy || (screen === 'counter-rating' && !chosenCounter)}
          onClick={create}
        >
          {t('pairing.create')}
        </button>
      </div>
      {code && (
        <div class="pairing-code" data-testid="pairing-code" aria-live="polite">
          <div>
            {t('pairing.code')}：
            <strong class="pairing-code-value" translate={false}>
              {code.code}
            </strong>
          </div>
          <div>
            {t('pairing.link')}：
            <a class="pairing-link" href={link} data-testid="pairing-link" translate={false}>
              {link}
            </a>
          </div>
          <p class="note">{t('pairing.expires', { time: formatClock(code.expiresAt) })}</p>
        </div>
      )}
      {message && (
        <p class="console-message" role="status" data-testid="pairing-message">
          {message}
        </p>
      )}
      <h3>
        {t('pairing.paired')}{' '}
        <button type="button" class="link-button" data-testid="pairing-refresh" onClick={refresh}>
          {t('pairing.refresh')}
        </button>
      </h3>
      {devices.length === 0 ? (
        <p class="note">{t('pairing.none')}</p>
      ) : (
        <table class="queue-table paired-table">
          <thead>
            <tr>
              <th scope="col">{t('pairing.col.label')}</th>
              <th scope="col">{t('pairing.col.role')}</th>
              <th scope="col">{t('pairing.col.counter')}</th>
              <th scope="col">{t('pairing.col.pairedAt')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} data-testid="paired-row" data-device-id={d.id}>
                <td>{deviceName(d)}</td>
                <td>{t(`pairing.role.${d.role}`)}</td>
                <td>{d.counterId ? counterName(d.counterId) : ''}</td>
                <td>{formatClock(d.pairedAt)}</td>
                <td>
                  <button type="button" class="link-button" onClick={() => revoke(d)}>
                    {t('pairing.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
