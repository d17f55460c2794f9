/** Running a command on one kiosk, a selection or a site, and its per-kiosk results as they come in. */
import { useEffect, useState } from 'preact/hooks';
import type { CommandBatch, FleetCommand } from '../../../../../contract/central-fleet.ts';
import { COMMAND_NAMES } from '../../../../../contract/mqtt.ts';
import { ApiError, api } from '../../api.ts';
import { commandTitle, stateName, tr, when } from './format.ts';
import { onFleet } from './live.ts';

function summaryOf(commands: FleetCommand[]) {
  const s = { total: commands.length, pending: 0, succeeded: 0, failed: 0, unknown: 0, notSent: 0 };
  for (const c of commands) {
    if (c.state === 'sent' || c.state === 'accepted') s.pending++;
    else if (c.state === 'succeeded') s.succeeded++;
    else if (c.state === 'unknown') s.unknown++;
    else if (c.state === 'not-sent') s.notSent++;
    else s.failed++;
  }
  return s;
}

export function resultText(c: FleetCommand): string {
  if (c.error) return c.error;
  if (c.result === null || c.result === undefined) return '';
  if (c.name === 'collect-logs') {
    const n = (c.result as { entries?: unknown[] }).entries?.length ?? 0;
    return tr(`${n} 条日志`, `${n} log entries`);
  }
  return JSON.stringify(c.result);
}

/** Keeps a batch's rows up to date from the live feed. */
export function useLiveBatch(initial: CommandBatch | null): CommandBatch | null {
  const [batch, setBatch] = useState(initial);
  useEffect(() => setBatch(initial), [initial]);
  useEffect(
    () =>
      onFleet('command', (c) =>
        setBatch((b) => {
          if (!b || c.batchId !== b.id) return b;
          const commands = b.commands.map((x) => (x.id === c.id ? c : x));
          return { ...b, commands, summary: summaryOf(commands) };
        }),
      ),
    [],
  );
  return batch;
}

export function BatchView(props: { batch: CommandBatch }) {
  const b = useLiveBatch(props.batch)!;
  const s = b.summary;
  return (
    <div class="batch" data-testid="command-batch">
      <p class="batch-summary" data-testid="batch-summary">
        {commandTitle(b.name)} → {b.scope}: {tr('共', 'total')} {s.total} · {tr('成功', 'succeeded')}{' '}
        <b data-testid="sum-succeeded">{s.succeeded}</b> · {tr('失败', 'failed')}{' '}
        <b data-testid="sum-failed">{s.failed}</b> · {tr('未知', 'unknown')} <b>{s.unknown}</b> ·{' '}
        {tr('离线未发送', 'offline, not sent')} <b data-testid="sum-not-sent">{s.notSent}</b> ·{' '}
        {tr('等待中', 'pending')} <b data-testid="sum-pending">{s.pending}</b>
      </p>
      <table class="data">
        <thead>
          <tr>
            <th>{tr('终端', 'Kiosk')}</th>
            <th>{tr('结果', 'Result')}</th>
            <th>{tr('详情', 'Detail')}</th>
            <th>{tr('完成时间', 'Finished')}</th>
          </tr>
        </thead>
        <tbody>
          {b.commands.map((c) => (
            <tr key={c.id} data-testid={`cmd-${c.kioskId}`} data-state={c.state}>
              <td>
                <a href={`#/fleet-kiosk?id=${encodeURIComponent(c.kioskId)}`}>{c.kioskId}</a>
              </td>
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
              <td>{when(c.finishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CommandForm(props: { kiosks?: string[]; site?: string; label: string; testId: string }) {
  const [name, setName] = useState<string>('print-test');
  const [ticket, setTicket] = useState('');
  const [batch, setBatch] = useState<CommandBatch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const disabled = !props.site && !props.kiosks?.length;
  return (
    <div class="act" data-testid={props.testId}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            const args = name === 'reprint' ? { ticketId: ticket } : {};
            setBatch(
              await api<CommandBatch>('/api/fleet/commands', {
                method: 'POST',
                body: { name, args, ...(props.site ? { site: props.site } : { kiosks: props.kiosks }) },
              }),
            );
          } catch (err) {
            setError(err instanceof ApiError ? err.message : String(err));
          }
        }}
      >
        <select name="command" value={name} onChange={(e) => setName(e.currentTarget.value)}>
          {COMMAND_NAMES.map((n) => (
            <option key={n} value={n}>
              {commandTitle(n)}
            </option>
          ))}
        </select>
        {name === 'reprint' ? (
          <input
            name="ticketId"
            placeholder={tr('票号或票据 ID', 'ticket number or ID')}
            value={ticket}
            onInput={(e) => setTicket(e.currentTarget.value)}
          />
        ) : null}
        <button type="submit" class="primary" disabled={disabled}>
          {props.label}
        </button>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {batch ? <BatchView batch={batch} /> : null}
    </div>
  );
}
