/** One case: its current state, both deadlines, and every step with clerk, counter and time. */
import { badge, centreName, DataTable, Loading, useApi } from '../components.tsx';
import { Deliveries, type Delivery } from '../deliveries.tsx';
import { named } from '../directory.ts';
import { nameOf, scoreName, t } from '../i18n.ts';
import { href } from '../router.ts';

interface Detail {
  case: Record<string, string | number | boolean | null>;
  timeline: Array<{
    tx_id: string;
    ts: number;
    change: string;
    state: string;
    level: string | null;
    clerk: string | null;
    counter_id: string | null;
    promised_deadline: string | null;
    legal_deadline: string | null;
    missing_materials: string[] | null;
    refusal_reason: string | null;
  }>;
  ratings: Array<{
    rating_id: string;
    score: number;
    day: string;
    comment: string | null;
    rect_state: string | null;
  }>;
  notifications: Delivery[];
}

const time = (ms: number) =>
  new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export function CaseDetailPage(props: { centre: string; caseId: string }) {
  const { data, error } = useApi<Detail>(
    `/api/cases/${encodeURIComponent(props.centre)}/${encodeURIComponent(props.caseId)}`,
  );
  if (!data) return <Loading error={error} />;
  const c = data.case;
  const kiosk = String(c.kiosk_id);
  const field = (label: string, value: unknown) => (
    <div>
      <dt>{label}</dt>
      <dd>{value === null || value === undefined || value === '' ? '—' : String(value)}</dd>
    </div>
  );
  return (
    <section>
      <p>
        <a href={href('/cases', { centre: kiosk })}>← {t('back')}</a>
      </p>
      <h1 data-testid="case-title">
        {t('case')} {String(c.number)} {badge(String(c.state))}{' '}
        {c.level !== 'normal' ? badge(String(c.level)) : null}
      </h1>
      <dl class="facts">
        {field(t('centre'), centreName(kiosk))}
        {field(t('service'), named('service', String(c.service_id)))}
        {field(t('item'), c.item_name ?? named('item', String(c.item_id)))}
        {field(t('onAccepted'), c.accepted_day)}
        {field(t('clerk'), c.accept_clerk)}
        {field(t('counter'), named('counter', c.counter_id as string, kiosk))}
        {field(t('legalLimit'), c.legal_limit_days)}
        {field(t('promisedLimit'), c.promised_limit_days)}
        {field(t('paused'), c.paused_working_days)}
        {field(t('promisedDeadline'), c.promised_deadline)}
        {field(t('legalDeadline'), c.legal_deadline)}
        {field(t('onClosed'), c.closed_day)}
        {c.state === 'refused' ? field(t('refusalReason'), c.refusal_reason || t('noReason')) : null}
      </dl>
      <h2>{t('timeline')}</h2>
      <ol class="timeline" data-testid="timeline">
        {data.timeline.map((e) => (
          <li key={e.tx_id}>
            <time>{time(e.ts)}</time> <strong>{nameOf(e.change)}</strong> {badge(e.state)}
            {e.level && e.level !== 'normal' ? <> {badge(e.level)}</> : null}
            <span class="who">
              {e.clerk ? ` ${t('clerk')}: ${e.clerk}` : ''}
              {e.counter_id ? ` · ${t('counter')}: ${named('counter', e.counter_id, kiosk)}` : ''}
            </span>
            <div class="deadlines">
              {t('promisedDeadline')} {e.promised_deadline ?? '—'} · {t('legalDeadline')}{' '}
              {e.legal_deadline ?? '—'}
              {e.missing_materials?.length ? ` · ${t('missing')}: ${e.missing_materials.join('、')}` : ''}
              {e.change === 'refuse' ? ` · ${t('refusalReason')}: ${e.refusal_reason ?? t('noReason')}` : ''}
            </div>
          </li>
        ))}
      </ol>
      {data.ratings.length ? (
        <>
          <h2>{t('ratings')}</h2>
          <DataTable
            rowKey={(r) => r.rating_id}
            rows={data.ratings}
            columns={[
              { key: 'day', label: t('at'), value: (r) => r.day },
              { key: 'score', label: t('score'), value: (r) => r.score, render: (r) => scoreName(r.score) },
              { key: 'comment', label: t('comment'), value: (r) => r.comment },
              {
                key: 'rect',
                label: t('rectification'),
                value: (r) => r.rect_state,
                render: (r) => badge(r.rect_state),
              },
            ]}
          />
        </>
      ) : null}
      <Deliveries messages={data.notifications} />
    </section>
  );
}
