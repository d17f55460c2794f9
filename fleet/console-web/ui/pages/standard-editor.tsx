/**
 * 绩效评估 scoring standard: the version in force with its weights and thresholds, every earlier
 * version, and (for an admin) a form that saves a new version from a chosen month — the server
 * checks it (weights add up to 100) and every score from that month on is computed with it.
 */
import { useEffect, useState } from 'preact/hooks';
import type {
  SaveStandardResponse,
  StandardsResponse,
  StandardVersion,
} from '../../../../contract/central-performance-api.ts';
import { ApiError, api } from '../api.ts';
import { apiQuery, Loading, useApi } from '../components.tsx';
import { lang } from '../i18n.ts';

type Indicators = StandardVersion['indicators'];

export function StandardEditor(props: { month: string; canEdit: boolean; onSaved: () => void }) {
  const { data, error, reload } = useApi<StandardsResponse>(
    `/api/performance/standards${apiQuery({ month: props.month })}`,
  );
  const current = data?.versions.find((v) => v.version === data.current) ?? null;
  const [draft, setDraft] = useState<Indicators>([]);
  const [from, setFrom] = useState(props.month);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (current) setDraft(current.indicators.map((i) => ({ ...i })));
  }, [current?.version]);
  useEffect(() => setFrom(props.month), [props.month]);
  const zh = lang.get() === 'zh';
  if (!data || !current) return <Loading error={error} />;
  const sum = Math.round(draft.reduce((n, i) => n + i.weight, 0) * 100) / 100;
  const set = (k: number, field: 'weight' | 'full' | 'zero', value: string) =>
    setDraft(draft.map((ind, j) => (j === k ? { ...ind, [field]: Number(value) } : ind)));
  const save = async () => {
    setMessage(null);
    try {
      const saved = await api<SaveStandardResponse>('/api/performance/standards', {
        method: 'POST',
        body: { from, indicators: draft, note },
      });
      setMessage({ ok: true, text: `${zh ? '已保存新版本' : 'Saved as version'} ${saved.version}` });
      setNote('');
      reload();
      props.onSaved();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : String(err) });
    }
  };
  const number = (k: number, field: 'weight' | 'full' | 'zero', value: number) =>
    props.canEdit ? (
      <input
        type="number"
        step="any"
        name={`${draft[k]?.id}.${field}`}
        value={value}
        onInput={(e) => set(k, field, e.currentTarget.value)}
      />
    ) : (
      value
    );
  return (
    <section class="standard" data-testid="standard">
      <h2>
        {zh ? '评估标准' : 'Scoring standard'} <span data-testid="standard-version">{current.version}</span>{' '}
        <small class="muted">
          {zh ? '自' : 'from'} {current.from}
          {current.createdBy ? ` · ${current.createdBy} ${current.createdAt}` : ''}
        </small>
      </h2>
      <table class="data" data-testid="standard-table">
        <thead>
          <tr>
            <th>{zh ? '指标' : 'Indicator'}</th>
            <th class="num">{zh ? '权重' : 'Weight'}</th>
            <th class="num">{zh ? '满分值' : 'Full marks at'}</th>
            <th class="num">{zh ? '零分值' : 'No marks at'}</th>
          </tr>
        </thead>
        <tbody>
          {(props.canEdit ? draft : current.indicators).map((ind, k) => (
            <tr key={ind.id} data-indicator={ind.id}>
              <td>{ind.name}</td>
              <td class="num">{number(k, 'weight', ind.weight)}</td>
              <td class="num">{number(k, 'full', ind.full)}</td>
              <td class="num">{number(k, 'zero', ind.zero)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canEdit ? (
        <form
          class="act"
          data-testid="standard-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <span data-testid="weight-sum" class={sum === 100 ? '' : 'error'}>
            {zh ? '权重合计' : 'Weights add up to'} {sum}
          </span>
          <label>
            <span>{zh ? '起用月份' : 'In force from'}</span>
            <input name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label>
            <span>{zh ? '修订说明' : 'Reason'}</span>
            <input name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary">
            {zh ? '保存为新版本' : 'Save as a new version'}
          </button>
        </form>
      ) : null}
      {message ? (
        <p
          class={message.ok ? 'ok' : 'error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="standard-message"
        >
          {message.text}
        </p>
      ) : null}
      <details>
        <summary>{zh ? '历次版本' : 'All versions'}</summary>
        <ul data-testid="standard-versions">
          {data.versions.map((v) => (
            <li key={v.version}>
              {v.version} · {zh ? '自' : 'from'} {v.from}
              {v.createdBy
                ? ` · ${v.createdBy} · ${v.createdAt} · ${v.note}`
                : ` · ${zh ? '配置' : 'configured'}`}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
