/** Kiosk health as central last heard it (the fleet page of the fleet-operations issue grows from here). */
import { centralAdminPaths, type KioskHealthResponse } from '../../../../contract/central-admin-api.ts';
import { centreName, DataTable, Loading, useApi } from '../components.tsx';
import { t } from '../i18n.ts';

const when = (ms: number) =>
  new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export function KiosksPage() {
  const { data, error } = useApi<KioskHealthResponse>(centralAdminPaths.kiosks);
  if (!data) return <Loading error={error} />;
  return (
    <section>
      <h1>{t('centre')} · 终端状态</h1>
      <DataTable
        testId="kiosks-table"
        rowKey={(r) => r.kiosk_id}
        rows={data.rows}
        columns={[
          { key: 'id', label: t('centre'), value: (r) => centreName(r.kiosk_id) },
          {
            key: 'state',
            label: t('state'),
            value: (r) => r.state,
            render: (r) => (
              <span class={`dot ${r.state ?? ''}`}>{t(r.state === 'online' ? 'online' : 'offline')}</span>
            ),
          },
          { key: 'seen', label: t('lastSeen'), value: (r) => r.last_seen, render: (r) => when(r.last_seen) },
          { key: 'version', label: t('version'), value: (r) => r.version },
          { key: 'printer', label: t('printer'), value: (r) => r.telemetry?.printer?.state },
          { key: 'reader', label: t('reader'), value: (r) => r.telemetry?.reader?.state },
          { key: 'waiting', label: t('waiting'), numeric: true, value: (r) => r.telemetry?.queue?.waiting },
          { key: 'outbox', label: t('outbox'), numeric: true, value: (r) => r.telemetry?.outbox?.depth },
          { key: 'alarms', label: t('alarms24h'), numeric: true, value: (r) => r.alarms_24h },
        ]}
      />
    </section>
  );
}
