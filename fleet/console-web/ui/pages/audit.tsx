/** The audit log: search, CSV, and a check of its hash chain. */
import { useState } from 'preact/hooks';
import {
  type AuditLogResponse,
  type AuditVerifyResponse,
  centralAdminPaths,
} from '../../../../contract/central-admin-api.ts';
import { api } from '../api.ts';
import { apiQuery, badge, DataTable, Filters, Loading, Pager, useApi } from '../components.tsx';
import { t } from '../i18n.ts';

export function AuditPage(props: { query: Record<string, string> }) {
  const q = props.query;
  const { data, error } = useApi<AuditLogResponse>(`${centralAdminPaths.audit}${apiQuery(q)}`);
  const [chain, setChain] = useState<string | null>(null);
  return (
    <section>
      <h1>审计日志 · Audit log</h1>
      <Filters
        path="/audit"
        query={q}
        csv={`${centralAdminPaths.auditCsv}${apiQuery({ ...q, page: '' })}`}
        fields={[
          { key: 'actor', label: 'actor', kind: 'text' },
          { key: 'action', label: 'action', kind: 'text' },
          {
            key: 'result',
            label: 'result',
            kind: 'select',
            options: ['ok', 'denied', 'failed'].map((r) => ({ value: r, label: r })),
          },
          { key: 'from', label: 'from', kind: 'day' },
          { key: 'to', label: 'to', kind: 'day' },
          { key: 'q', label: 'search', kind: 'text' },
        ]}
      />
      <p>
        <button
          type="button"
          onClick={async () => {
            const r = await api<AuditVerifyResponse>(centralAdminPaths.auditVerify);
            setChain(
              r.brokenAt === null ? `${t('chainOk')} (${r.rows})` : `${t('chainBroken')} #${r.brokenAt}`,
            );
          }}
        >
          {t('verify')}
        </button>{' '}
        <span data-testid="chain">{chain}</span>
      </p>
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          <DataTable
            testId="audit-table"
            rowKey={(r) => String(r.id)}
            rows={data.rows}
            columns={[
              {
                key: 'at',
                label: t('at'),
                value: (r) => r.at,
                render: (r) => new Date(r.at).toLocaleString('zh-CN', { hour12: false }),
              },
              { key: 'actor', label: t('actor'), value: (r) => r.actor },
              { key: 'role', label: t('role'), value: (r) => r.role },
              { key: 'action', label: t('action'), value: (r) => r.action },
              { key: 'target', label: t('target'), value: (r) => r.target },
              { key: 'result', label: t('result'), value: (r) => r.result, render: (r) => badge(r.result) },
              {
                key: 'detail',
                label: '',
                value: (r) => (r.detail ? JSON.stringify(r.detail).slice(0, 120) : ''),
              },
            ]}
          />
          <Pager path="/audit" query={q} total={data.total} page={data.page} size={data.size} />
        </>
      )}
    </section>
  );
}
