/** 配置发布: staged rollouts — start one, watch each kiosk's state wave by wave, halt it, roll it back. */
import { useEffect, useState } from 'preact/hooks';
import type { Rollout } from '../../../../../contract/central-fleet.ts';
import { ApiError, api } from '../../api.ts';
import { Loading, useApi } from '../../components.tsx';
import { go } from '../../router.ts';
import { stateName, tr, when } from './format.ts';
import { onFleet } from './live.ts';

function useReloadOn(id: number | null, reload: () => void) {
  useEffect(() => onFleet('rollout', (e) => (id === null || e.id === id) && reload()), [id]);
}

function StartForm() {
  const [sites, setSites] = useState('');
  const [config, setConfig] = useState('');
  const [canary, setCanary] = useState('1');
  const [share, setShare] = useState('25');
  const [threshold, setThreshold] = useState('10');
  const [timeout, setTimeoutSec] = useState('600');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="act rollout-form"
      data-testid="rollout-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        let parsed: unknown;
        try {
          parsed = JSON.parse(config);
        } catch {
          setError(tr('配置不是有效的 JSON', 'the configuration is not JSON'));
          return;
        }
        try {
          const r = await api<Rollout>('/api/fleet/rollouts', {
            method: 'POST',
            body: {
              sites: sites.split(/[\s,]+/).filter(Boolean),
              config: parsed,
              canaryCount: Number(canary),
              sharePercent: Number(share),
              failureThreshold: Number(threshold) / 100,
              waveTimeoutSec: Number(timeout),
            },
          });
          go('/fleet-rollouts', { id: r.id });
        } catch (err) {
          setError(err instanceof ApiError ? err.message : String(err));
        }
      }}
    >
      <h2>{tr('新建分批发布', 'New staged rollout')}</h2>
      <label>
        <span>{tr('站点（逗号分隔）', 'Sites (comma-separated)')}</span>
        <input name="sites" required value={sites} onInput={(e) => setSites(e.currentTarget.value)} />
      </label>
      <label>
        <span>{tr('金丝雀台数', 'Canary kiosks')}</span>
        <input
          name="canary"
          type="number"
          min="1"
          value={canary}
          onInput={(e) => setCanary(e.currentTarget.value)}
        />
      </label>
      <label>
        <span>{tr('第二批比例 %', 'Second wave %')}</span>
        <input
          name="share"
          type="number"
          min="1"
          max="99"
          value={share}
          onInput={(e) => setShare(e.currentTarget.value)}
        />
      </label>
      <label>
        <span>{tr('失败阈值 %', 'Failure threshold %')}</span>
        <input
          name="threshold"
          type="number"
          min="0"
          max="100"
          value={threshold}
          onInput={(e) => setThreshold(e.currentTarget.value)}
        />
      </label>
      <label>
        <span>{tr('每批超时（秒）', 'Wave timeout (s)')}</span>
        <input
          name="timeout"
          type="number"
          min="1"
          value={timeout}
          onInput={(e) => setTimeoutSec(e.currentTarget.value)}
        />
      </label>
      <label class="wide">
        <span>{tr('配置（JSON）', 'Configuration (JSON)')}</span>
        <textarea
          name="config"
          rows={6}
          required
          value={config}
          onInput={(e) => setConfig(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="primary">
        {tr('开始发布', 'Start rollout')}
      </button>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function RolloutDetail(props: { id: number; canAct: boolean }) {
  const { data, error, reload } = useApi<Rollout>(`/api/fleet/rollouts/${props.id}`);
  const [msg, setMsg] = useState<string | null>(null);
  useReloadOn(props.id, reload);
  useEffect(() => {
    if (!data || (data.state !== 'running' && data.state !== 'rolling-back')) return;
    const t = setInterval(reload, 3000);
    return () => clearInterval(t);
  }, [data?.state]);
  if (!data) return <Loading error={error} />;
  const act = async (what: 'halt' | 'resume' | 'rollback') => {
    setMsg(null);
    try {
      await api(`/api/fleet/rollouts/${props.id}/${what}`, { method: 'POST', body: {} });
      reload();
    } catch (err) {
      setMsg(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <section data-testid="rollout-detail" data-state={data.state}>
      <h1>
        {tr('发布', 'Rollout')} #{data.id} · {tr('版本', 'version')} {data.version}{' '}
        <span class={`badge b-${data.state}`} data-testid="rollout-state">
          {stateName(data.state)}
        </span>
      </h1>
      <p>
        {data.scope} · {data.createdBy} · {when(data.createdAt)} · {tr('阈值', 'threshold')}{' '}
        {Math.round(data.failureThreshold * 100)}% · {tr('每批超时', 'wave timeout')} {data.waveTimeoutSec}s
        {data.rollbackVersion ? ` · ${tr('回滚版本', 'rollback version')} ${data.rollbackVersion}` : ''}
      </p>
      {data.haltReason ? (
        <p class="error" data-testid="halt-reason">
          {data.haltReason}
        </p>
      ) : null}
      {props.canAct ? (
        <p class="act">
          {data.state === 'running' ? (
            <button type="button" class="danger" data-testid="halt" onClick={() => act('halt')}>
              {tr('立即暂停', 'Halt now')}
            </button>
          ) : null}
          {data.state === 'halted' ? (
            <button type="button" data-testid="resume" onClick={() => act('resume')}>
              {tr('继续发布', 'Resume')}
            </button>
          ) : null}
          {data.state === 'running' || data.state === 'halted' || data.state === 'completed' ? (
            <button type="button" data-testid="rollback" onClick={() => act('rollback')}>
              {tr('回滚到上一个正常版本', 'Roll back to the last good version')}
            </button>
          ) : null}
          {msg ? <span class="error">{msg}</span> : null}
        </p>
      ) : null}
      <table class="data" data-testid="waves">
        <thead>
          <tr>
            <th>{tr('批次', 'Wave')}</th>
            <th class="num">{tr('台数', 'Kiosks')}</th>
            <th class="num">{tr('已生效', 'Applied')}</th>
            <th class="num">{tr('失败', 'Failed')}</th>
            <th>{tr('开始', 'Started')}</th>
            <th>{tr('结束', 'Finished')}</th>
          </tr>
        </thead>
        <tbody>
          {data.waves.map((w) => (
            <tr key={w.index} data-testid={`wave-${w.index}`}>
              <td>
                {w.index + 1} · {w.name}
              </td>
              <td class="num">{w.size}</td>
              <td class="num">{w.applied}</td>
              <td class="num">{w.failed}</td>
              <td>{when(w.startedAt)}</td>
              <td>{when(w.finishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{tr('各终端状态', 'Each kiosk')}</h2>
      <table class="data" data-testid="rollout-kiosks">
        <tbody>
          {(data.kiosks ?? []).map((k) => (
            <tr key={k.kioskId} data-testid={`rk-${k.kioskId}`} data-state={k.state}>
              <td>{k.wave + 1}</td>
              <td>
                <a href={`#/fleet-kiosk?id=${encodeURIComponent(k.kioskId)}`}>{k.kioskId}</a>
              </td>
              <td>{k.site}</td>
              <td>
                <span class={`badge b-${k.state}`}>{stateName(k.state)}</span>
              </td>
              <td>{k.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function RolloutsPage(props: { query: Record<string, string>; canAct: boolean }) {
  const id = props.query.id ? Number(props.query.id) : null;
  const { data, error, reload } = useApi<{ rows: Rollout[] }>(id === null ? '/api/fleet/rollouts' : null);
  useReloadOn(null, () => id === null && reload());
  if (id !== null) return <RolloutDetail id={id} canAct={props.canAct} />;
  if (!data) return <Loading error={error} />;
  return (
    <section>
      <h1>{tr('配置发布', 'Configuration rollouts')}</h1>
      {props.canAct ? <StartForm /> : null}
      <table class="data" data-testid="rollouts-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{tr('版本', 'Version')}</th>
            <th>{tr('范围', 'Scope')}</th>
            <th>{tr('状态', 'State')}</th>
            <th>{tr('批次', 'Waves')}</th>
            <th>{tr('发起', 'By')}</th>
            <th>{tr('时间', 'When')}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.id} data-testid={`rollout-${r.id}`}>
              <td>
                <a href={`#/fleet-rollouts?id=${r.id}`}>{r.id}</a>
              </td>
              <td>{r.version}</td>
              <td>{r.scope}</td>
              <td>
                <span class={`badge b-${r.state}`}>{stateName(r.state)}</span>
              </td>
              <td>
                {r.waves
                  .map((w) => `${w.name} ${w.applied}/${w.size}${w.failed ? ` ✗${w.failed}` : ''}`)
                  .join(' → ')}
              </td>
              <td>{r.createdBy}</td>
              <td>{when(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
