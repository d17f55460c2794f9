/** The SMS messages something caused: to whom (masked), what, and how far delivery got. */
import type { NotificationMessage } from '../../../contract/central-api.ts';
import { badge, DataTable } from './components.tsx';
import { lang } from './i18n.ts';

export type Delivery = NotificationMessage;

/**
 * A message's delivery state as a badge. 'refused' is the service's word for "not sent to this
 * number": after a TD reply it reads 已退订 (opted out), never the case state 不予受理.
 */
export const smsBadge = (state: string, reason: string | null) =>
  badge(state !== 'refused' ? state : reason?.startsWith('opted-out') ? 'opted-out' : 'not-sent');

const time = (ms: number | null) =>
  ms === null ? '—' : new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export function Deliveries(props: { messages: Delivery[] }) {
  const zh = lang.get() === 'zh';
  return (
    <>
      <h2>{zh ? '短信通知' : 'Text messages'}</h2>
      <DataTable
        testId="deliveries"
        rowKey={(m) => m.id}
        rows={props.messages}
        columns={[
          {
            key: 'at',
            label: zh ? '时间' : 'Queued',
            value: (m) => m.createdAt,
            render: (m) => time(m.createdAt),
          },
          { key: 'to', label: zh ? '接收人' : 'To', value: (m) => `${m.role} ${m.to}` },
          { key: 'text', label: zh ? '内容' : 'Text', value: (m) => m.text },
          {
            key: 'state',
            label: zh ? '投递状态' : 'Delivery',
            value: (m) => m.state,
            render: (m) => (
              <>
                {smsBadge(m.state, m.reason)}
                {m.reason ? ` ${m.reason}` : ''}
              </>
            ),
          },
          {
            key: 'final',
            label: zh ? '回执' : 'Receipt',
            value: (m) => m.finalAt,
            render: (m) => time(m.finalAt),
          },
        ]}
      />
    </>
  );
}
