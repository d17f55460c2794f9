/** 实时监察: every case of every centre, filtered and paged by the server; CSV of the same filter. */
import { apiQuery, badge, centreName, DataTable, Filters, Loading, Pager, useApi } from '../components.tsx';
import { named } from '../directory.ts';
import { nameOf, t } from '../i18n.ts';
import { href } from '../router.ts';

interface CaseRow {
  kiosk_id: string;
  case_id: string;
  number: string;
  service_id: string;
  item_id: string;
  state: string;
  level: string;
  worst_level: string;
  accept_clerk: string | null;
  accepted_day: string;
  promised_deadline: string | null;
  legal_deadline: string | null;
  closed_day: string | null;
  late: boolean | null;
  suspensions: number;
  refusal_reason: string | null;
}

const opts = (codes: string[]) => codes.map((c) => ({ value: c, label: nameOf(c) }));

export function CasesPage(props: { query: Record<string, string> }) {
  const q = props.query;
  const { data, error } = useApi<{
    total: number;
    capped?: boolean;
    page: number;
    size: number;
    rows: CaseRow[];
  }>(`/api/cases${apiQuery(q)}`);
  return (
    <section>
      <h1>{t('accepted')} · 实时监察</h1>
      <Filters
        path="/cases"
        query={q}
        csv={`/api/cases.csv${apiQuery({ ...q, page: '' })}`}
        fields={[
          { key: 'centre', label: 'centre', kind: 'directory', dir: 'centre' },
          { key: 'service', label: 'service', kind: 'directory', dir: 'service' },
          { key: 'item', label: 'item', kind: 'directory', dir: 'item' },
          {
            key: 'state',
            label: 'state',
            kind: 'select',
            options: opts(['open', 'closed', 'accepted', 'in-progress', 'suspended', 'completed', 'refused']),
          },
          {
            key: 'level',
            label: 'level',
            kind: 'select',
            options: opts(['normal', 'warning', 'yellow', 'red']),
          },
          {
            key: 'on',
            label: 'dayOf',
            kind: 'select',
            options: [
              { value: 'accepted', label: t('onAccepted') },
              { value: 'closed', label: t('onClosed') },
            ],
          },
          { key: 'from', label: 'from', kind: 'day' },
          { key: 'to', label: 'to', kind: 'day' },
          { key: 'number', label: 'caseNumber', kind: 'text' },
        ]}
      />
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          <DataTable
            testId="cases-table"
            rowKey={(r) => `${r.kiosk_id}/${r.case_id}`}
            rows={data.rows}
            columns={[
              {
                key: 'number',
                label: t('caseNumber'),
                value: (r) => r.number,
                render: (r) => <a href={href(`/case/${r.kiosk_id}/${r.case_id}`)}>{r.number}</a>,
              },
              { key: 'centre', label: t('centre'), value: (r) => centreName(r.kiosk_id) },
              { key: 'item', label: t('item'), value: (r) => named('item', r.item_id) },
              { key: 'state', label: t('state'), value: (r) => r.state, render: (r) => badge(r.state) },
              {
                key: 'level',
                label: t('level'),
                value: (r) => r.level,
                render: (r) => (r.level === 'normal' ? nameOf('normal') : badge(r.level)),
              },
              { key: 'accepted', label: t('onAccepted'), value: (r) => r.accepted_day },
              { key: 'promised', label: t('promisedDeadline'), value: (r) => r.promised_deadline },
              { key: 'legal', label: t('legalDeadline'), value: (r) => r.legal_deadline },
              {
                key: 'closed',
                label: t('onClosed'),
                value: (r) => r.closed_day,
                render: (r) => (
                  <>
                    {r.closed_day}
                    {r.late ? <> {badge('overdue')}</> : null}
                  </>
                ),
              },
              { key: 'clerk', label: t('clerk'), value: (r) => r.accept_clerk },
            ]}
          />
          <Pager
            path="/cases"
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
