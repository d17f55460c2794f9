/**
 * 告警: open alerts first, live; an operator acknowledges one with a note. Each alert shows the SMS
 * it sent to the operators and how far delivery got.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AlertList, FleetAlert } from '../../../../../contract/central-fleet.ts';
import { ApiError, api } from '../../api.ts';
import { Loading, useApi } from '../../components.tsx';
import { smsBadge } from '../../deliveries.tsx';
import { go } from '../../router.ts';
import { ruleName, tr, when } from './format.ts';
import { onFleet } from './live.ts';

const SMS_RELOAD_MS = 2000;

function AckForm(props: { alert: FleetAlert; onDone: (a: FleetAlert) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="act inline"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          props.onDone(
            await api<FleetAlert>(`/api/fleet/alerts/${props.alert.id}/ack`, {
              method: 'POST',
              body: { note },
            }),
          );
        } catch (err) {
          setError(err instanceof ApiError ? err.message : String(err));
        }
      }}
    >
      <input
        name="note"
        required
        placeholder={tr('处理说明', 'note')}
        value={note}
        onInput={(e) => setNote(e.currentTarget.value)}
      />
      <button type="submit">{tr('确认', 'Acknowledge')}</button>
      {error ? <span class="error">{error}</span> : null}
    </form>
  );
}

export function AlertsPage(props: { query: Record<string, string>; canAct: boolean }) {
  const state = props.query.state ?? 'open';
  const { data, error, reload } = useApi<AlertList>(
    `/api/fleet/alerts?state=${state === 'all' ? '' : state}`,
  );
  const [rows, setRows] = useState<FleetAlert[] | null>(null);
  useEffect(() => setRows(data?.rows ?? null), [data]);
  // A new alert's SMS is queued after it is raised: read the delivery states again shortly after.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = onFleet('alert', () => {
      timer ??= setTimeout(() => {
        timer = null;
        reload();
      }, SMS_RELOAD_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [state]);
  useEffect(
    () =>
      onFleet('alert', (a) =>
        setRows((list) => {
          if (!list) return list;
          const rest = list.filter((x) => x.id !== a.id);
          const keep =
            state === 'open' ? a.clearedAt === null : state === 'unacked' ? a.ackedAt === null : true;
          return keep
            ? [a, ...rest].sort(
                (x, y) =>
                  Number(x.clearedAt !== null) - Number(y.clearedAt !== null) || y.raisedAt - x.raisedAt,
              )
            : rest;
        }),
      ),
    [state],
  );
  if (!rows) return <Loading error={error} />;
  return (
    <section>
      <h1>{tr('告警', 'Alerts')}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{tr('范围', 'Show')}</span>
          <select
            name="state"
            value={state}
            onChange={(e) => go('/fleet-alerts', { state: e.currentTarget.value })}
          >
            <option value="open">{tr('未消除', 'open')}</option>
            <option value="unacked">{tr('未确认', 'not acknowledged')}</option>
            <option value="all">{tr('全部', 'all')}</option>
          </select>
        </label>
      </form>
      {rows.length === 0 ? (
        <p class="empty" data-testid="alerts-empty">
          {tr('没有告警', 'No alerts')}
        </p>
      ) : (
        <table class="data" data-testid="alerts-table">
          <thead>
            <tr>
              <th>{tr('发生', 'Raised')}</th>
              <th>{tr('终端', 'Kiosk')}</th>
              <th>{tr('规则', 'Rule')}</th>
              <th>{tr('内容', 'What')}</th>
              <th>{tr('消除', 'Cleared')}</th>
              <th>{tr('确认', 'Acknowledged')}</th>
              <th>{tr('短信通知', 'SMS')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr
                key={a.id}
                data-testid={`alert-${a.kioskId}-${a.rule}`}
                data-open={a.clearedAt === null ? 'yes' : 'no'}
              >
                <td>{when(a.raisedAt)}</td>
                <td>
                  <a href={`#/fleet-kiosk?id=${encodeURIComponent(a.kioskId)}`}>{a.kioskId}</a>
                </td>
                <td>{ruleName(a.rule)}</td>
                <td>{a.summary}</td>
                <td>
                  {a.clearedAt ? when(a.clearedAt) : <span class="badge b-red">{tr('未消除', 'open')}</span>}
                </td>
                <td data-testid="ack">
                  {a.ackedBy ? (
                    `${a.ackedBy} · ${when(a.ackedAt)} · ${a.note}`
                  ) : props.canAct ? (
                    <AckForm
                      alert={a}
                      onDone={(x) => setRows((l) => l?.map((y) => (y.id === x.id ? x : y)) ?? l)}
                    />
                  ) : (
                    '-'
                  )}
                </td>
                <td data-testid="sms">
                  {(data?.deliveries?.[a.id] ?? []).map((d) => (
                    <div key={`${d.role}${d.to}`} data-state={d.state}>
                      {d.to} {smsBadge(d.state, d.reason)}
                      {d.reason ? ` ${d.reason}` : ''}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
