/**
 * 差评整改: every 差评's rectification with its deadline and state, the KPIs (on time, 回访 rate),
 * and — for supervisors — the acts: record the centre's reply, the 回访 result, reassign, escalate.
 */
import { useState } from 'preact/hooks';
import type { RectificationListResponse } from '../../../../contract/central-lists-api.ts';
import { ApiError, api } from '../api.ts';
import {
  apiQuery,
  badge,
  centreName,
  DataTable,
  Filters,
  Loading,
  Pager,
  Tile,
  useApi,
} from '../components.tsx';
import { smsBadge } from '../deliveries.tsx';
import { named } from '../directory.ts';
import { nameOf, scoreName, t } from '../i18n.ts';
import { href } from '../router.ts';

interface RectRow {
  kiosk_id: string;
  rating_id: string;
  source: string;
  opened_day: string;
  working_days: number;
  due_day: string;
  state: string;
  assignee: string | null;
  reply: string | null;
  visit_result: string | null;
  escalated_to: string | null;
  score: number;
  service_id: string;
  clerk: string | null;
  comment: string | null;
}

interface Kpi {
  kiosk_id: string | null;
  total: number;
  overdue: number;
  visited: number;
  on_time_rate: number | null;
  visit_rate: number | null;
}

function ActForm(props: { row: RectRow; done: () => void }) {
  const [action, setAction] = useState<'reply' | 'visit' | 'reassign' | 'escalate'>(
    props.row.state === 'replied' ? 'visit' : 'reply',
  );
  const [text, setText] = useState('');
  const [to, setTo] = useState('');
  const [satisfied, setSatisfied] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const needsTo = action === 'reassign' || action === 'escalate';
  return (
    <form
      class="act"
      data-testid={`act-${props.row.rating_id}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await api(
            `/api/rectifications/${encodeURIComponent(props.row.kiosk_id)}/${encodeURIComponent(props.row.rating_id)}/act`,
            {
              method: 'POST',
              body: {
                action,
                ...(needsTo ? { to } : { text }),
                ...(action === 'visit' ? { satisfied } : {}),
                ...(action === 'escalate' ? { text } : {}),
              },
            },
          );
          setText('');
          setTo('');
          props.done();
        } catch (err) {
          setError(err instanceof ApiError ? err.message : String(err));
        }
      }}
    >
      <select
        aria-label={t('action')}
        value={action}
        onChange={(e) => setAction(e.currentTarget.value as typeof action)}
      >
        <option value="reply">{t('reply')}</option>
        <option value="visit">{t('visit')}</option>
        <option value="reassign">{t('reassign')}</option>
        <option value="escalate">{t('escalate')}</option>
      </select>
      {needsTo ? (
        <input
          aria-label={t('toWhom')}
          placeholder={t('toWhom')}
          value={to}
          onInput={(e) => setTo(e.currentTarget.value)}
        />
      ) : null}
      {action !== 'reassign' ? (
        <input
          aria-label={t('text')}
          placeholder={t('text')}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      ) : null}
      {action === 'visit' ? (
        <label>
          <input
            type="checkbox"
            checked={satisfied}
            onChange={(e) => setSatisfied(e.currentTarget.checked)}
          />{' '}
          {t('satisfied')}
        </label>
      ) : null}
      <button type="submit" class="primary">
        {t('submit')}
      </button>
      {error ? (
        <span class="error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}

export function RectificationsPage(props: { query: Record<string, string>; canAct: boolean }) {
  const q = props.query;
  const { data, error, reload } = useApi<{
    total: number;
    capped?: boolean;
    page: number;
    size: number;
    rows: RectRow[];
    kpis: Kpi[];
    /** The SMS each rectification caused, by `kiosk|rating`, numbers masked. */
    sms?: RectificationListResponse['sms'];
  }>(`/api/rectifications${apiQuery({ ...q, focus: '' })}`);
  const district = data?.kpis.find((k) => k.kiosk_id === null);
  return (
    <section>
      <h1>{t('rectification')} · 差评整改</h1>
      {district ? (
        <div class="tiles" data-testid="rect-kpis">
          <Tile label={t('poor')} value={district.total} link={href('/rectifications')} />
          <Tile
            label={t('overdue')}
            value={district.overdue}
            tone="red"
            link={href('/rectifications', { state: 'overdue' })}
          />
          <Tile
            label={t('onTimeRate')}
            value={district.on_time_rate === null ? '—' : `${district.on_time_rate}%`}
            testId="kpi-ontime"
          />
          <Tile
            label={t('visitRate')}
            value={district.visit_rate === null ? '—' : `${district.visit_rate}%`}
            testId="kpi-visit"
          />
        </div>
      ) : null}
      <Filters
        path="/rectifications"
        query={q}
        fields={[
          { key: 'centre', label: 'centre', kind: 'directory', dir: 'centre' },
          {
            key: 'state',
            label: 'state',
            kind: 'select',
            options: ['pending', 'open', 'overdue', 'replied', 'visited', 'escalated'].map((s) => ({
              value: s,
              label: nameOf(s),
            })),
          },
          { key: 'from', label: 'from', kind: 'day' },
          { key: 'to', label: 'to', kind: 'day' },
        ]}
      />
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          <DataTable
            testId="rect-table"
            rowKey={(r) => `${r.kiosk_id}/${r.rating_id}`}
            rows={data.rows}
            columns={[
              { key: 'centre', label: t('centre'), value: (r) => centreName(r.kiosk_id) },
              { key: 'opened', label: t('at'), value: (r) => r.opened_day },
              { key: 'service', label: t('service'), value: (r) => named('service', r.service_id) },
              {
                key: 'score',
                label: t('score'),
                value: (r) => r.score,
                render: (r) => <span class="poor">{scoreName(r.score)}</span>,
              },
              { key: 'comment', label: t('comment'), value: (r) => r.comment },
              { key: 'clerk', label: t('clerk'), value: (r) => r.clerk },
              {
                key: 'due',
                label: t('due'),
                value: (r) => r.due_day,
                render: (r) => `${r.due_day} (${r.working_days})`,
              },
              { key: 'state', label: t('state'), value: (r) => r.state, render: (r) => badge(r.state) },
              { key: 'assignee', label: t('assignee'), value: (r) => r.escalated_to ?? r.assignee },
              {
                key: 'sms',
                label: '短信',
                value: (r) => data.sms?.[`${r.kiosk_id}|${r.rating_id}`]?.[0]?.state,
                render: (r) =>
                  (data.sms?.[`${r.kiosk_id}|${r.rating_id}`] ?? []).map((m, i) => (
                    <div key={`${m.to}-${i}`} data-testid="rect-sms" data-state={m.state}>
                      {m.role} {m.to} {smsBadge(m.state, m.reason)}
                      {m.reason ? ` ${m.reason}` : ''}
                    </div>
                  )),
              },
              {
                key: 'detail',
                label: t('reply'),
                value: (r) => r.reply,
                render: (r) => (
                  <>
                    {r.reply ? <div>{r.reply}</div> : null}
                    {r.visit_result ? (
                      <div>
                        {t('visit')}: {r.visit_result}
                      </div>
                    ) : null}
                    {props.canAct && r.state !== 'visited' ? <ActForm row={r} done={reload} /> : null}
                  </>
                ),
              },
            ]}
          />
          <Pager
            path="/rectifications"
            query={q}
            total={data.total}
            capped={data.capped}
            page={data.page}
            size={data.size}
          />
        </>
      )}
    </section>
  );
}
