/** 好差评: every rating of every centre; each 差评 shows its rectification's state and due day. */
import { apiQuery, badge, centreName, DataTable, Filters, Loading, Pager, useApi } from '../components.tsx';
import { named } from '../directory.ts';
import { SCORE_NAMES, scoreName, t } from '../i18n.ts';
import { href } from '../router.ts';

interface RatingRow {
  kiosk_id: string;
  rating_id: string;
  subject_kind: string;
  subject_id: string;
  service_id: string;
  score: number;
  day: string;
  comment: string | null;
  clerk: string | null;
  rect_state: string | null;
  due_day: string | null;
  case_number: string | null;
}

export function RatingsPage(props: { query: Record<string, string> }) {
  const q = props.query;
  const { data, error } = useApi<{
    total: number;
    capped?: boolean;
    page: number;
    size: number;
    rows: RatingRow[];
  }>(`/api/ratings${apiQuery(q)}`);
  return (
    <section>
      <h1>{t('ratings')} · 好差评</h1>
      <Filters
        path="/ratings"
        query={q}
        csv={`/api/ratings.csv${apiQuery({ ...q, page: '' })}`}
        fields={[
          { key: 'centre', label: 'centre', kind: 'directory', dir: 'centre' },
          { key: 'service', label: 'service', kind: 'directory', dir: 'service' },
          {
            key: 'score',
            label: 'score',
            kind: 'select',
            options: [5, 4, 3, 2, 1].map((s) => ({ value: String(s), label: `${s} ${SCORE_NAMES[s]![0]}` })),
          },
          { key: 'poor', label: 'poor', kind: 'select', options: [{ value: '1', label: t('poor') }] },
          { key: 'from', label: 'from', kind: 'day' },
          { key: 'to', label: 'to', kind: 'day' },
        ]}
      />
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          <DataTable
            testId="ratings-table"
            rowKey={(r) => `${r.kiosk_id}/${r.rating_id}`}
            rows={data.rows}
            columns={[
              { key: 'day', label: t('at'), value: (r) => r.day },
              { key: 'centre', label: t('centre'), value: (r) => centreName(r.kiosk_id) },
              { key: 'service', label: t('service'), value: (r) => named('service', r.service_id) },
              {
                key: 'score',
                label: t('score'),
                value: (r) => r.score,
                render: (r) => <span class={r.score <= 2 ? 'poor' : ''}>{scoreName(r.score)}</span>,
              },
              { key: 'comment', label: t('comment'), value: (r) => r.comment },
              { key: 'clerk', label: t('clerk'), value: (r) => r.clerk },
              {
                key: 'case',
                label: t('case'),
                value: (r) => r.case_number,
                render: (r) =>
                  r.case_number ? (
                    <a href={href(`/case/${r.kiosk_id}/${r.subject_id}`)}>{r.case_number}</a>
                  ) : (
                    ''
                  ),
              },
              {
                key: 'rect',
                label: t('rectification'),
                value: (r) => r.rect_state,
                render: (r) =>
                  r.rect_state ? (
                    <a href={href('/rectifications', { centre: r.kiosk_id, focus: r.rating_id })}>
                      {badge(r.rect_state)}
                    </a>
                  ) : (
                    ''
                  ),
              },
              { key: 'due', label: t('due'), value: (r) => r.due_day },
            ]}
          />
          <Pager
            path="/ratings"
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
