/** One kiosk: its live row, commands with their results, and its history (state, faults, commands, configuration). */
import { useEffect, useState } from 'preact/hooks';
import type { KioskDetail } from '../../../../../contract/central-fleet.ts';
import { ApiError, api } from '../../api.ts';
import { Loading, useApi } from '../../components.tsx';
import { CommandForm, resultText } from './commands.tsx';
import { ago, commandTitle, duration, faultName, ruleName, stateName, tr, when } from './format.ts';
import { onFleet } from './live.ts';

export function KioskPage(props: { id: string; canAct: boolean }) {
  const { data, error, reload } = useApi<KioskDetail>(`/api/fleet/kiosks/${encodeURIComponent(props.id)}`);
  const [kiosk, setKiosk] = useState(data?.kiosk ?? null);
  useEffect(() => setKiosk(data?.kiosk ?? null), [data]);
  useEffect(() => {
    const offs = [
      onFleet('kiosks', (e) => {
        const mine = e.rows.find((r) => r.kioskId === props.id);
        if (mine) setKiosk(mine);
      }),
      onFleet('alert', (a) => a.kioskId === props.id && reload()),
      onFleet('command', (c) => c.kioskId === props.id && reload()),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [props.id]);
  if (!data || !kiosk) return <Loading error={error} />;
  const k = kiosk;
  return (
    <section data-testid="kiosk-page">
      <h1>
        {k.kioskId} <small>{k.site}</small>
      </h1>
      <dl class="facts" data-testid="kiosk-facts">
        <dt>{tr('状态', 'State')}</dt>
        <dd data-testid="kiosk-state">
          <span class={`dot ${k.state}`}>{stateName(k.state)}</span> {k.reason ? `(${k.reason})` : ''}{' '}
          {tr('自', 'since')} {when(k.since)}
        </dd>
        <dt>{tr('最后通信', 'Last seen')}</dt>
        <dd>
          {when(k.lastSeen)} ({ago(k.lastSeen)})
        </dd>
        <dt>{tr('24小时断线', 'Disconnects 24 h')}</dt>
        <dd>{k.disconnects24h}</dd>
        <dt>{tr('软件版本', 'Software')}</dt>
        <dd>{k.software ?? '-'}</dd>
        <dt>{tr('配置版本 应/实', 'Configuration desired / reported')}</dt>
        <dd>
          {k.config.desired ?? '-'} / {k.config.reported ?? '-'}{' '}
          {k.config.status ? `(${stateName(k.config.status)})` : ''}
        </dd>
        <dt>{tr('打印机', 'Printer')}</dt>
        <dd>
          {stateName(k.printer.state)} {k.printer.detail ?? ''}
        </dd>
        <dt>{tr('读卡器', 'Reader')}</dt>
        <dd>
          {stateName(k.reader.state)} {k.reader.detail ?? ''}
        </dd>
        <dt>{tr('扫码器', 'Scanner')}</dt>
        <dd>
          {stateName(k.scanner.state)} {k.scanner.detail ?? ''}
        </dd>
        <dt>{tr('待上传', 'Outbox')}</dt>
        <dd>
          {k.outbox
            ? `${k.outbox.depth}${k.outbox.depth ? ` (${tr('最早', 'oldest')} ${duration(k.outbox.oldestAgeMs)})` : ''}`
            : '-'}
        </dd>
        <dt>{tr('磁盘剩余', 'Disk free')}</dt>
        <dd>{k.diskFreePercent === null ? '-' : `${k.diskFreePercent}%`}</dd>
        <dt>{tr('故障', 'Faults')}</dt>
        <dd data-testid="kiosk-faults">{k.faults.map(faultName).join('、') || tr('无', 'none')}</dd>
      </dl>
      {props.canAct ? (
        <>
          <h2>{tr('远程命令', 'Commands')}</h2>
          <CommandForm kiosks={[k.kioskId]} label={tr('执行', 'Run')} testId="kiosk-command" />
        </>
      ) : null}
      <h2>{tr('告警', 'Alerts')}</h2>
      <ul class="plain" data-testid="kiosk-alerts">
        {data.alerts.map((a) => (
          <li key={a.id}>
            {when(a.raisedAt)} {ruleName(a.rule)}: {a.summary}{' '}
            {a.clearedAt
              ? tr(`（${when(a.clearedAt)} 已消除）`, ` (cleared ${when(a.clearedAt)})`)
              : tr('（未消除）', ' (open)')}
            {a.ackedBy
              ? tr(` 已确认：${a.ackedBy} “${a.note}”`, ` acknowledged by ${a.ackedBy}: “${a.note}”`)
              : ''}
          </li>
        ))}
      </ul>
      <h2>{tr('命令记录', 'Commands run')}</h2>
      <table class="data" data-testid="kiosk-commands">
        <tbody>
          {data.commands.map((c) => (
            <tr key={c.id} data-state={c.state}>
              <td>{when(c.sentAt)}</td>
              <td>{commandTitle(c.name)}</td>
              <td>{c.by}</td>
              <td>
                <span class={`badge b-${c.state}`}>{stateName(c.state)}</span>
              </td>
              <td class="wrap">
                {resultText(c)}{' '}
                {c.hasLogs ? (
                  <a href={`/api/fleet/commands/${c.id}/logs`} download data-testid="logs-download">
                    {tr('下载日志', 'Download logs')}
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{tr('历史', 'History')}</h2>
      <table class="data" data-testid="kiosk-history">
        <tbody>
          {data.history.map((h, i) => (
            <tr key={`${h.ts}-${i}`} data-kind={h.kind}>
              <td>{when(h.ts)}</td>
              <td>{h.kind}</td>
              <td>{h.kind === 'fault' || h.kind === 'fault-cleared' ? faultName(h.summary) : h.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canAct ? <Revoke kioskId={k.kioskId} /> : null}
    </section>
  );
}

function Revoke(props: { kioskId: string }) {
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  return (
    <form
      class="act danger"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const r = await api<{ serials: string[] }>(
            `/api/fleet/kiosks/${encodeURIComponent(props.kioskId)}/revoke`,
            {
              method: 'POST',
              body: { reason },
            },
          );
          setMsg(tr(`已吊销证书 ${r.serials.join(', ')}`, `revoked certificate ${r.serials.join(', ')}`));
        } catch (err) {
          setMsg(err instanceof ApiError ? err.message : String(err));
        }
      }}
    >
      <h2>{tr('吊销证书', 'Revoke certificate')}</h2>
      <input
        name="reason"
        required
        placeholder={tr('原因', 'reason')}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <button type="submit">{tr('吊销', 'Revoke')}</button>
      {msg ? <p data-testid="revoke-result">{msg}</p> : null}
    </form>
  );
}
