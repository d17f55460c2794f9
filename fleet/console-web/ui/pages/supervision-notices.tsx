/** 督办通知 tab of 预警纠错: the notices issued, their replies (回告) and revocation. */
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { apiQuery, badge, centreName, DataTable, Loading, Pager, useApi } from '../components.tsx';
import { t } from '../i18n.ts';
import { href } from '../router.ts';
import { kindName, useAct, zh } from './supervision-shared.ts';

interface NoticeRow {
  id: number;
  kiosk_id: string;
  case_id: string;
  case_number: string;
  kind: string;
  rule_code: string;
  rule_version: string;
  issued_day: string;
  issued_by: string;
  reply_by: string;
  state: string;
  reply: string | null;
  /** 'on-time', 'late' (after the reply-by day) or 'after-revocation'. */
  reply_status: string | null;
  revoked_reason: string | null;
}

const REPLY_STATUS: Record<string, { zh: string; en: string }> = {
  late: { zh: '逾期回告', en: 'late reply' },
  'after-revocation': { zh: '撤销后收到的回告', en: 'reply after revocation' },
};

function NoticeActs(props: { n: NoticeRow; done: () => void }) {
  const [value, setValue] = useState('');
  const act = useAct();
  const post = (what: 'reply' | 'revoke') =>
    act.run(
      () =>
        api(`/api/supervision/notices/${props.n.id}/${what}`, {
          method: 'POST',
          body: what === 'reply' ? { text: value } : { reason: value },
        }),
      props.done,
    );
  return (
    <span class="act" data-testid={`notice-act-${props.n.id}`}>
      <input
        aria-label={t('text')}
        placeholder={zh() ? '回告内容 / 撤销理由' : 'Reply / reason'}
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      {props.n.state === 'sent' ? (
        <button type="button" onClick={() => post('reply')}>
          {zh() ? '登记回告' : 'Record reply'}
        </button>
      ) : null}
      <button type="button" onClick={() => post('revoke')}>
        {zh() ? '撤销' : 'Revoke'}
      </button>
      {act.error ? (
        <span class="error" role="alert">
          {act.error}
        </span>
      ) : null}
    </span>
  );
}

export function Notices(props: { query: Record<string, string>; canAct: boolean }) {
  const q = props.query;
  const { data, error, reload } = useApi<{ total: number; page: number; size: number; rows: NoticeRow[] }>(
    `/api/supervision/notices${apiQuery({ state: q.state ?? '', centre: q.centre ?? '', page: q.page ?? '' })}`,
  );
  if (!data) return <Loading error={error} />;
  return (
    <>
      <DataTable
        testId="notice-table"
        rowKey={(r) => String(r.id)}
        rows={data.rows}
        columns={[
          {
            key: 'id',
            label: 'No.',
            value: (r) => r.id,
            render: (r) => <a href={`/api/supervision/notices/${r.id}/pdf`}>#{r.id} PDF</a>,
          },
          {
            key: 'kind',
            label: zh() ? '类别' : 'Kind',
            value: (r) => r.kind,
            render: (r) => kindName(r.kind),
          },
          { key: 'centre', label: t('centre'), value: (r) => centreName(r.kiosk_id) },
          {
            key: 'case',
            label: t('caseNumber'),
            value: (r) => r.case_number,
            render: (r) => <a href={href(`/case/${r.kiosk_id}/${r.case_id}`)}>{r.case_number}</a>,
          },
          { key: 'rule', label: zh() ? '依据' : 'Rule', value: (r) => `${r.rule_code} v${r.rule_version}` },
          { key: 'issued', label: t('at'), value: (r) => r.issued_day },
          { key: 'replyBy', label: zh() ? '回告期限' : 'Reply by', value: (r) => r.reply_by },
          {
            key: 'state',
            label: t('state'),
            value: (r) => r.state,
            render: (r) =>
              badge(r.state === 'sent' ? 'pending' : r.state === 'revoked' ? 'denied' : 'replied'),
          },
          {
            key: 'reply',
            label: t('reply'),
            value: (r) => r.reply ?? r.revoked_reason ?? '',
            render: (r) => (
              <>
                {r.reply ? <div>{r.reply}</div> : null}
                {r.reply_status && REPLY_STATUS[r.reply_status] ? (
                  <div class="muted" data-testid="notice-reply-status">
                    {REPLY_STATUS[r.reply_status]![zh() ? 'zh' : 'en']}
                  </div>
                ) : null}
                {r.revoked_reason ? <div>{`${zh() ? '撤销' : 'Revoked'}: ${r.revoked_reason}`}</div> : null}
                {props.canAct && r.state !== 'revoked' ? <NoticeActs n={r} done={reload} /> : null}
              </>
            ),
          },
        ]}
      />
      <Pager
        path="/supervision"
        query={{ ...q, tab: 'notices' }}
        total={data.total}
        page={data.page}
        size={data.size}
      />
    </>
  );
}
