/** 终端注册: enrolment requests waiting for approval, and the enrolled kiosks (with their revocations). */
import { useState } from 'preact/hooks';
import type { EnrolmentList } from '../../../../../contract/central-fleet.ts';
import { ApiError, api } from '../../api.ts';
import { Loading, useApi } from '../../components.tsx';
import { tr, when } from './format.ts';

export function EnrolmentPage(props: { canAct: boolean }) {
  const { data, error, reload } = useApi<EnrolmentList>('/api/fleet/enrolments');
  const [msg, setMsg] = useState<string | null>(null);
  if (!data) return <Loading error={error} />;
  return (
    <section>
      <h1>{tr('终端注册', 'Enrolment')}</h1>
      {msg ? <p class="error">{msg}</p> : null}
      <h2>{tr('待审批', 'Waiting for approval')}</h2>
      <table class="data" data-testid="pending-table">
        <tbody>
          {data.pending.map((p) => (
            <tr key={p.serial} data-testid={`pending-${p.serial}`}>
              <td>{p.serial}</td>
              <td>{p.siteId}</td>
              <td>{when(p.requestedAt)}</td>
              <td>
                {p.approvedAt ? (
                  `${tr('已批准', 'approved')} · ${p.approvedBy}`
                ) : props.canAct ? (
                  <button
                    type="button"
                    onClick={async () => {
                      try {
                        await api(`/api/fleet/enrolments/${encodeURIComponent(p.serial)}/approve`, {
                          method: 'POST',
                          body: {},
                        });
                        reload();
                      } catch (err) {
                        setMsg(err instanceof ApiError ? err.message : String(err));
                      }
                    }}
                  >
                    {tr('批准', 'Approve')}
                  </button>
                ) : (
                  tr('待批准', 'waiting')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{tr('已注册终端', 'Enrolled kiosks')}</h2>
      <table class="data" data-testid="enrolled-table">
        <tbody>
          {data.kiosks.map((k) => (
            <tr key={k.kioskId}>
              <td>
                <a href={`#/fleet-kiosk?id=${encodeURIComponent(k.kioskId)}`}>{k.kioskId}</a>
              </td>
              <td>{k.siteId}</td>
              <td>{k.serial}</td>
              <td>{when(k.enrolledAt)}</td>
              <td>
                {k.revokedAt ? (
                  <span class="badge b-red">
                    {tr(`已吊销 ${when(k.revokedAt)}`, `revoked ${when(k.revokedAt)}`)}
                  </span>
                ) : (
                  tr(`有效至 ${when(k.notAfter)}`, `valid until ${when(k.notAfter)}`)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
