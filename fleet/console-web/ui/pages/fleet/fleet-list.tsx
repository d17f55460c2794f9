/**
 * 终端运维: every kiosk at a glance — state and since when, last seen, disconnects, versions
 * (desired against reported), devices, outbox, disk, faults — filtered, sorted and searched in the
 * browser from one load, and kept live by the server's event stream (no reload). The table draws
 * one page of rows at a time: a thousand full rows took a second to draw, and every live update
 * drew them all again; the totals, filters and selection still cover the whole fleet.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { FAULTS, type FleetKiosk } from '../../../../../contract/central-fleet.ts';
import { Loading, Pager, useApi } from '../../components.tsx';
import { go } from '../../router.ts';
import { useSignal } from '../../signal.ts';
import { CommandForm } from './commands.tsx';
import { ago, duration, FLEET_PAGE_SIZE, faultName, stateName, tr, when } from './format.ts';
import { liveConnected, onFleet } from './live.ts';

const SORTS: Record<string, [string, string, (a: FleetKiosk, b: FleetKiosk) => number]> = {
  id: ['终端编号', 'Kiosk ID', (a, b) => a.kioskId.localeCompare(b.kioskId)],
  faults: [
    '故障数',
    'Faults',
    (a, b) => b.faults.length - a.faults.length || a.kioskId.localeCompare(b.kioskId),
  ],
  'last-seen': ['最后通信', 'Last seen', (a, b) => (a.lastSeen ?? 0) - (b.lastSeen ?? 0)],
  disconnects: ['断线次数', 'Disconnects', (a, b) => b.disconnects24h - a.disconnects24h],
  outbox: ['上传积压', 'Outbox age', (a, b) => (b.outbox?.oldestAgeMs ?? 0) - (a.outbox?.oldestAgeMs ?? 0)],
  disk: ['磁盘剩余', 'Disk free', (a, b) => (a.diskFreePercent ?? 101) - (b.diskFreePercent ?? 101)],
  site: ['站点', 'Site', (a, b) => a.site.localeCompare(b.site) || a.kioskId.localeCompare(b.kioskId)],
};

const LIVE_BATCH_MS = 300;

const device = (d: FleetKiosk['printer']) => (
  <span class={`badge b-${d.state}`} title={d.detail ?? ''}>
    {d.detail ?? stateName(d.state)}
  </span>
);

export function useFleetRows(): { rows: FleetKiosk[] | null; error: string | null } {
  const { data, error } = useApi<{ rows: FleetKiosk[] }>('/api/fleet/kiosks');
  const [rows, setRows] = useState<Map<string, FleetKiosk> | null>(null);
  useEffect(() => {
    if (data) setRows(new Map(data.rows.map((r) => [r.kioskId, r])));
  }, [data]);
  // Live rows are applied together, at most every LIVE_BATCH_MS, so a busy fleet redraws once.
  const pending = useRef(new Map<string, FleetKiosk>());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const changed = [...pending.current.values()];
      pending.current.clear();
      setRows((m) => {
        if (!m) return m;
        const next = new Map(m);
        for (const r of changed) next.set(r.kioskId, r);
        return next;
      });
    };
    const off = onFleet('kiosks', (e) => {
      for (const r of e.rows) pending.current.set(r.kioskId, r);
      timer ??= setTimeout(flush, LIVE_BATCH_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return { rows: rows ? [...rows.values()] : null, error };
}

export function FleetPage(props: { query: Record<string, string>; canAct: boolean }) {
  const { rows, error } = useFleetRows();
  const live = useSignal(liveConnected);
  const q = props.query;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [, setClock] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setClock((n) => n + 1), 5000);
    return () => clearInterval(t);
  }, []);
  const shown = useMemo(() => {
    if (!rows) return [];
    const text = (q.q ?? '').trim().toLowerCase();
    const sort = SORTS[q.sort ?? 'id']?.[2] ?? SORTS.id![2];
    return rows
      .filter(
        (r) =>
          (!q.site || r.site === q.site) &&
          (!q.state || r.state === q.state) &&
          (!q.fault || (q.fault === 'any' ? r.faults.length > 0 : r.faults.includes(q.fault))) &&
          (!q.version || r.software === q.version || String(r.config.reported) === q.version) &&
          (!text || r.kioskId.toLowerCase().includes(text) || r.site.toLowerCase().includes(text)),
      )
      .sort(sort);
  }, [rows, q]);
  if (!rows) return <Loading error={error} />;
  const pages = Math.max(1, Math.ceil(shown.length / FLEET_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number(q.page) || 1));
  const drawn = shown.slice((page - 1) * FLEET_PAGE_SIZE, page * FLEET_PAGE_SIZE);
  const sites = [...new Set(rows.map((r) => r.site))].sort();
  const versions = [
    ...new Set(
      rows.flatMap((r) => [r.software, r.config.reported === null ? null : String(r.config.reported)]),
    ),
  ]
    .filter((v): v is string => !!v)
    .sort();
  const set = (k: string, v: string) => go('/fleet', { ...q, page: undefined, [k]: v || undefined });
  const online = rows.filter((r) => r.state === 'online').length;
  const faulty = rows.filter((r) => r.faults.length > 0).length;
  return (
    <section>
      <h1>
        {tr('终端运维', 'Fleet')}{' '}
        <span class={`live ${live ? 'on' : 'off'}`} data-testid="live">
          {live ? tr('实时', 'live') : tr('未连接', 'not live')}
        </span>
      </h1>
      <p class="fleet-totals" data-testid="fleet-totals">
        {tr('终端', 'Kiosks')} {rows.length} · {tr('在线', 'online')} {online} · {tr('离线', 'offline')}{' '}
        {rows.length - online} · {tr('有故障', 'with faults')} {faulty}
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{tr('搜索', 'Search')}</span>
          <input
            name="q"
            value={q.q ?? ''}
            onInput={(e) => set('q', e.currentTarget.value)}
            data-testid="fleet-search"
          />
        </label>
        <label>
          <span>{tr('站点', 'Site')}</span>
          <select name="site" value={q.site ?? ''} onChange={(e) => set('site', e.currentTarget.value)}>
            <option value="">{tr('全部', 'all')}</option>
            {sites.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{tr('状态', 'State')}</span>
          <select name="state" value={q.state ?? ''} onChange={(e) => set('state', e.currentTarget.value)}>
            <option value="">{tr('全部', 'all')}</option>
            {['online', 'offline', 'unknown'].map((s) => (
              <option key={s} value={s}>
                {stateName(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{tr('故障', 'Fault')}</span>
          <select name="fault" value={q.fault ?? ''} onChange={(e) => set('fault', e.currentTarget.value)}>
            <option value="">{tr('全部', 'all')}</option>
            <option value="any">{tr('任意故障', 'any fault')}</option>
            {FAULTS.map((f) => (
              <option key={f} value={f}>
                {faultName(f)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{tr('版本', 'Version')}</span>
          <select
            name="version"
            value={q.version ?? ''}
            onChange={(e) => set('version', e.currentTarget.value)}
          >
            <option value="">{tr('全部', 'all')}</option>
            {versions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{tr('排序', 'Sort')}</span>
          <select name="sort" value={q.sort ?? 'id'} onChange={(e) => set('sort', e.currentTarget.value)}>
            {Object.entries(SORTS).map(([k, [zh, en]]) => (
              <option key={k} value={k}>
                {tr(zh, en)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {props.canAct ? (
        <div class="bulk">
          <CommandForm
            kiosks={[...selected]}
            label={tr(`对所选 ${selected.size} 台执行`, `Run on ${selected.size} selected`)}
            testId="selection-command"
          />
          {q.site ? (
            <CommandForm
              site={q.site}
              label={tr(`对站点 ${q.site} 全部执行`, `Run on all of ${q.site}`)}
              testId="site-command"
            />
          ) : null}
        </div>
      ) : null}
      <div class="table-wrap">
        <table class="data fleet" data-testid="fleet-table">
          <thead>
            <tr>
              {props.canAct ? (
                <th>
                  <input
                    type="checkbox"
                    aria-label={tr('全选', 'select all')}
                    checked={shown.length > 0 && shown.every((r) => selected.has(r.kioskId))}
                    onChange={(e) =>
                      setSelected(new Set(e.currentTarget.checked ? shown.map((r) => r.kioskId) : []))
                    }
                  />
                </th>
              ) : null}
              <th>{tr('终端', 'Kiosk')}</th>
              <th>{tr('站点', 'Site')}</th>
              <th>{tr('状态', 'State')}</th>
              <th>{tr('最后通信', 'Last seen')}</th>
              <th class="num">{tr('24小时断线', 'Disconnects 24 h')}</th>
              <th>{tr('软件', 'Software')}</th>
              <th>{tr('配置 应/实', 'Config desired/reported')}</th>
              <th>{tr('打印机', 'Printer')}</th>
              <th>{tr('读卡器', 'Reader')}</th>
              <th>{tr('扫码器', 'Scanner')}</th>
              <th>{tr('待上传', 'Outbox')}</th>
              <th class="num">{tr('磁盘剩余', 'Disk free')}</th>
              <th>{tr('故障', 'Faults')}</th>
            </tr>
          </thead>
          <tbody>
            {drawn.map((r) => (
              <tr
                key={r.kioskId}
                data-testid={`kiosk-${r.kioskId}`}
                data-state={r.state}
                data-faults={r.faults.join(' ')}
              >
                {props.canAct ? (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={r.kioskId}
                      checked={selected.has(r.kioskId)}
                      onChange={(e) => {
                        const next = new Set(selected);
                        if (e.currentTarget.checked) next.add(r.kioskId);
                        else next.delete(r.kioskId);
                        setSelected(next);
                      }}
                    />
                  </td>
                ) : null}
                <td>
                  <a href={`#/fleet-kiosk?id=${encodeURIComponent(r.kioskId)}`}>{r.kioskId}</a>
                </td>
                <td>{r.site}</td>
                <td>
                  <span class={`dot ${r.state}`}>{stateName(r.state)}</span>
                  {r.reason === 'shutdown' ? <small> ({tr('正常关机', 'shut down')})</small> : null}
                  <br />
                  <small title={when(r.since)}>{ago(r.since)}</small>
                </td>
                <td title={when(r.lastSeen)}>{ago(r.lastSeen)}</td>
                <td class="num">{r.disconnects24h}</td>
                <td>{r.software ?? '-'}</td>
                <td class={r.config.desired !== null && r.config.desired !== r.config.reported ? 'poor' : ''}>
                  {r.config.desired ?? '-'} / {r.config.reported ?? '-'}
                </td>
                <td>{device(r.printer)}</td>
                <td>{device(r.reader)}</td>
                <td>{device(r.scanner)}</td>
                <td>
                  {r.outbox
                    ? r.outbox.depth === 0
                      ? '0'
                      : `${r.outbox.depth} (${duration(r.outbox.oldestAgeMs)})`
                    : '-'}
                </td>
                <td class="num">{r.diskFreePercent === null ? '-' : `${r.diskFreePercent}%`}</td>
                <td data-testid="faults">
                  {r.faults.map((f) => (
                    <span key={f} class="badge b-failed">
                      {faultName(f)}
                    </span>
                  ))}
                  {r.openAlerts ? (
                    <span class="badge b-red">{tr(`告警 ${r.openAlerts}`, `${r.openAlerts} alerts`)}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length > FLEET_PAGE_SIZE ? (
        <Pager path="/fleet" query={q} total={shown.length} page={page} size={FLEET_PAGE_SIZE} />
      ) : null}
    </section>
  );
}
