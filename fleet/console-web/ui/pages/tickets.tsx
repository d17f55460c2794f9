/**
 * The tickets behind a day's figures, filtered by centre, service, clerk and status; each with the
 * "turn near" SMS it caused and how far delivery got (number masked).
 */
import type { TicketListResponse } from '../../../../contract/central-lists-api.ts';
import { apiQuery, badge, centreName, DataTable, Filters, Loading, Pager, useApi } from '../components.tsx';
import { smsBadge } from '../deliveries.tsx';
import { named } from '../directory.ts';
import { nameOf, t } from '../i18n.ts';

interface TicketRow {
  kiosk_id: string;
  ticket_id: string;
  day: string;
  number: string | null;
  service_id: string | null;
  priority: boolean | null;
  status: string;
  issued_at: number | null;
  called_at: number | null;
  waited_ms: number | null;
  counter_id: string | null;
  clerk: string | null;
}

const clock = (ms: number | null) =>
  ms ? new Date(ms).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';

export function TicketsPage(props: { query: Record<string, string> }) {
  const q = props.query;
  const { data, error } = useApi<{
    total: number;
    capped?: boolean;
    page: number;
    size: number;
    rows: TicketRow[];
    sms?: TicketListResponse['sms'];
  }>(`/api/tickets${apiQuery(q)}`);
  return (
    <section>
      <h1>{t('issued')}</h1>
      <Filters
        path="/tickets"
        query={q}
        csv={`/api/tickets.csv${apiQuery({ ...q, page: '' })}`}
        fields={[
          { key: 'centre', label: 'centre', kind: 'directory', dir: 'centre' },
          { key: 'day', label: 'at', kind: 'day' },
          { key: 'service', label: 'service', kind: 'directory', dir: 'service' },
          {
            key: 'status',
            label: 'state',
            kind: 'select',
            options: ['waiting', 'called', 'done', 'no-show'].map((s) => ({ value: s, label: nameOf(s) })),
          },
          { key: 'clerk', label: 'clerk', kind: 'text' },
        ]}
      />
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          <DataTable
            testId="tickets-table"
            rowKey={(r) => `${r.kiosk_id}/${r.ticket_id}`}
            rows={data.rows}
            columns={[
              { key: 'number', label: t('number'), value: (r) => r.number },
              { key: 'centre', label: t('centre'), value: (r) => centreName(r.kiosk_id) },
              { key: 'service', label: t('service'), value: (r) => named('service', r.service_id) },
              { key: 'priority', label: t('priority'), value: (r) => (r.priority ? '★' : '') },
              { key: 'status', label: t('state'), value: (r) => r.status, render: (r) => badge(r.status) },
              {
                key: 'issued',
                label: t('issued'),
                value: (r) => r.issued_at,
                render: (r) => clock(r.issued_at),
              },
              {
                key: 'wait',
                label: t('avgWait'),
                numeric: true,
                value: (r) => (r.waited_ms === null ? null : Math.round(r.waited_ms / 60000)),
              },
              {
                key: 'counter',
                label: t('counter'),
                value: (r) => named('counter', r.counter_id, r.kiosk_id),
              },
              { key: 'clerk', label: t('clerk'), value: (r) => r.clerk },
              {
                key: 'sms',
                label: '短信',
                value: (r) => data.sms?.[`${r.kiosk_id}|${r.ticket_id}`]?.[0]?.state,
                render: (r) =>
                  (data.sms?.[`${r.kiosk_id}|${r.ticket_id}`] ?? []).map((m) => (
                    <span key={m.to} data-testid="ticket-sms" data-state={m.state}>
                      {m.to} {smsBadge(m.state, m.reason)}
                      {m.reason ? ` ${m.reason}` : ''}
                    </span>
                  )),
              },
            ]}
          />
          <Pager
            path="/tickets"
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
