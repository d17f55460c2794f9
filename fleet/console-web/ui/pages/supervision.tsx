/**
 * 预警纠错: warning, yellow and red lists across centres with their notices; 重点监察 of refusals
 * and 补正 with flags; the notices themselves (PDF, the centre's reply recorded by hand, revocation).
 */
import type { FocusListResponse } from '../../../../contract/central-lists-api.ts';
import { api } from '../api.ts';
import { apiQuery, badge, centreName, DataTable, Filters, Loading, Pager, useApi } from '../components.tsx';
import { named } from '../directory.ts';
import { nameOf, t } from '../i18n.ts';
import { href } from '../router.ts';
import { Notices } from './supervision-notices.tsx';
import { kindName, useAct, zh } from './supervision-shared.ts';

interface LevelRow {
  kiosk_id: string;
  case_id: string;
  number: string;
  item_id: string;
  state: string;
  kiosk_level: string;
  accept_clerk: string | null;
  accepted_day: string;
  promised_deadline: string;
  notice_id: number | null;
  notice_state: string | null;
  reply_by: string | null;
}

function Levels(props: { query: Record<string, string>; canAct: boolean }) {
  const q = props.query;
  const level = q.level ?? 'yellow';
  const { data, error, reload } = useApi<{
    kind: string;
    total: number;
    capped?: boolean;
    page: number;
    size: number;
    rows: LevelRow[];
  }>(`/api/supervision/levels${apiQuery({ level, centre: q.centre ?? '', page: q.page ?? '' })}`);
  const act = useAct();
  return (
    <>
      <nav class="tabs">
        {['warning', 'yellow', 'red'].map((l) => (
          <a
            key={l}
            href={href('/supervision', { tab: 'levels', level: l, centre: q.centre })}
            class={l === level ? 'active' : ''}
          >
            {nameOf(l)}
          </a>
        ))}
      </nav>
      {act.error ? (
        <p class="error" role="alert">
          {act.error}
        </p>
      ) : null}
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          <DataTable
            testId="level-table"
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
              { key: 'promised', label: t('promisedDeadline'), value: (r) => r.promised_deadline },
              {
                key: 'kiosk',
                label: zh() ? '终端等级' : 'Kiosk level',
                value: (r) => r.kiosk_level,
                render: (r) => badge(r.kiosk_level),
              },
              {
                key: 'notice',
                label: zh() ? '通知' : 'Notice',
                value: (r) => r.notice_id,
                render: (r) =>
                  r.notice_id ? (
                    <a href={`/api/supervision/notices/${r.notice_id}/pdf`} data-testid={`pdf-${r.case_id}`}>
                      {kindName(data.kind)} #{r.notice_id} {badge(r.notice_state)}
                    </a>
                  ) : props.canAct ? (
                    <button
                      type="button"
                      data-testid={`issue-${r.case_id}`}
                      onClick={() =>
                        act.run(
                          () =>
                            api('/api/supervision/notices', {
                              method: 'POST',
                              body: { centre: r.kiosk_id, caseId: r.case_id, kind: data.kind },
                            }),
                          reload,
                        )
                      }
                    >
                      {zh() ? '发出' : 'Issue'} {kindName(data.kind)}
                    </button>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
          <Pager
            path="/supervision"
            query={{ ...q, tab: 'levels', level }}
            total={data.total}
            capped={data.capped}
            page={data.page}
            size={data.size}
          />
        </>
      )}
    </>
  );
}

function Focus(props: { query: Record<string, string> }) {
  const q = props.query;
  const kind = q.kind ?? 'flags';
  const filters = { kind, centre: q.centre ?? '', from: q.from ?? '', to: q.to ?? '' };
  const { data, error } = useApi<FocusListResponse>(
    `/api/supervision/focus${apiQuery({ ...filters, page: q.page ?? '' })}`,
  );
  const kinds: Array<[string, string, string]> = [
    ['flags', '重点提示', 'Flags'],
    ['refusals', '不予受理', 'Refusals'],
    ['corrections', '补正告知', '补正 requests'],
  ];
  return (
    <>
      <nav class="tabs">
        {kinds.map(([k, z, e]) => (
          <a
            key={k}
            href={href('/supervision', { tab: 'focus', kind: k, centre: q.centre, from: q.from, to: q.to })}
            class={k === kind ? 'active' : ''}
          >
            {zh() ? z : e}
          </a>
        ))}
      </nav>
      {!data ? (
        <Loading error={error} />
      ) : (
        <>
          <p class="muted">
            {data.from} – {data.to}{' '}
            <a
              class="button"
              href={`/api/supervision/focus.csv${apiQuery(filters)}`}
              download
              data-testid="csv"
            >
              {t('csv')}
            </a>
          </p>
          <DataTable
            testId="focus-table"
            rowKey={(r) => `${r.kiosk_id}/${r.case_id}/${r.what}/${r.ts ?? ''}`}
            rows={data.rows}
            columns={[
              { key: 'day', label: t('at'), value: (r) => String(r.day) },
              {
                key: 'number',
                label: t('caseNumber'),
                value: (r) => String(r.number),
                render: (r) => <a href={href(`/case/${r.kiosk_id}/${r.case_id}`)}>{String(r.number)}</a>,
              },
              { key: 'centre', label: t('centre'), value: (r) => centreName(String(r.kiosk_id)) },
              { key: 'item', label: t('item'), value: (r) => named('item', String(r.item_id)) },
              {
                key: 'what',
                label: t('action'),
                value: (r) => String(r.what),
                render: (r) => (r.what === 'refusal' ? t('refused') : t('suspended')),
              },
              {
                key: 'detail',
                label: zh() ? '理由/材料' : 'Reason / materials',
                value: (r) =>
                  String(r.refusal_reason ?? (r.missing_materials as string[] | null)?.join('、') ?? ''),
              },
              {
                key: 'flag',
                label: zh() ? '提示' : 'Flag',
                value: (r) => (r.flag_no_reason || r.flag_late_notice ? 1 : 0),
                render: (r) =>
                  r.flag_no_reason ? (
                    <span class="badge b-red">{zh() ? '未说明理由' : 'No reason given'}</span>
                  ) : r.flag_late_notice ? (
                    <span class="badge b-red">
                      {zh()
                        ? `受理后第 ${r.working_days_after_acceptance} 个工作日才告知补正`
                        : `补正 told ${r.working_days_after_acceptance} working days after acceptance`}
                    </span>
                  ) : (
                    ''
                  ),
              },
              { key: 'clerk', label: t('clerk'), value: (r) => String(r.clerk ?? '') },
            ]}
          />
          <Pager
            path="/supervision"
            query={{ ...q, tab: 'focus', kind }}
            total={data.total}
            page={data.page}
            size={data.size}
          />
        </>
      )}
    </>
  );
}

export function SupervisionPage(props: { query: Record<string, string>; canAct: boolean }) {
  const q = props.query;
  const tab = q.tab ?? 'levels';
  const tabs: Array<[string, string, string]> = [
    ['levels', '预警与亮牌', 'Warnings and cards'],
    ['focus', '重点监察', 'Close watch'],
    ['notices', '督办通知', 'Notices'],
  ];
  return (
    <section>
      <h1>预警纠错</h1>
      <nav class="tabs main-tabs">
        {tabs.map(([k, z, e]) => (
          <a key={k} href={href('/supervision', { tab: k })} class={k === tab ? 'active' : ''}>
            {zh() ? z : e}
          </a>
        ))}
      </nav>
      <Filters
        path="/supervision"
        query={q}
        fields={[{ key: 'centre', label: 'centre', kind: 'directory', dir: 'centre' }]}
      />
      {tab === 'levels' ? (
        <Levels query={q} canAct={props.canAct} />
      ) : tab === 'focus' ? (
        <Focus query={q} />
      ) : (
        <Notices query={q} canAct={props.canAct} />
      )}
    </section>
  );
}
