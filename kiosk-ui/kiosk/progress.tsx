import { useEffect, useState } from 'preact/hooks';
import type { CardView, CaseSummaryView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { BackOfficeSteps, formatDay } from '../shared/back-office-steps.tsx';
import { useLang } from '../shared/lang.ts';
import { LookupForm } from './lookup.tsx';
import { SideFrame } from './side-frame.tsx';

/** 承诺 and 法定 dates, each named (a resident must not take the legal limit for the promise). */
function CaseDates({ c }: { c: CaseSummaryView }) {
  const { t } = useLang();
  if (!c.promisedDeadline && !c.legalDeadline)
    return c.dueAt === undefined ? null : <span>{t('progress.deadline', { date: formatDay(c.dueAt) })}</span>;
  return (
    <span class="case-dates">
      {c.promisedDeadline && (
        <span data-testid="case-promised">{t('progress.promised', { date: c.promisedDeadline })}</span>
      )}
      {c.legalDeadline && (
        <span data-testid="case-legal">{t('progress.legal', { date: c.legalDeadline })}</span>
      )}
    </span>
  );
}

/** As many applications as fit on the screen without scrolling; the rest are named in a line under them. */
const CASES_SHOWN = 4;

/** 办件查询: the resident's applications and where each one stands. */
export function Progress({
  api,
  card,
  scannedReceipt,
  onBack,
}: {
  api: Pick<ApiClient, 'lookupCases'>;
  card: CardView | null;
  /** A receipt number the kiosk's scanner just read: looked up at once, no typing. */
  scannedReceipt?: string | undefined;
  onBack: () => void;
}) {
  const { t } = useLang();
  const [cases, setCases] = useState<CaseSummaryView[] | null>(null);
  useEffect(() => {
    if (!scannedReceipt) return;
    void api.lookupCases({ receiptNo: scannedReceipt, withCard: false }).then(
      (res) => setCases(res.cases),
      () => setCases([]),
    );
  }, [scannedReceipt, api]);
  return (
    <SideFrame title={t('progress.title')} onBack={onBack}>
      {cases === null ? (
        <LookupForm
          card={card}
          body={t('progress.body')}
          codeLabel={t('progress.receipt')}
          submitLabel={t('progress.submit')}
          withCardLabel={t('progress.withCard')}
          onSubmit={async (receiptNo, idTail) => {
            const res = await api.lookupCases(
              receiptNo === null
                ? { withCard: true }
                : { receiptNo, withCard: false, ...(idTail ? { idTail } : {}) },
            );
            setCases(res.cases);
          }}
        />
      ) : cases.length === 0 ? (
        <p class="side-result" role="status">
          {t('progress.none')}
        </p>
      ) : (
        <ul class="case-list" data-testid="case-list">
          {cases.slice(0, CASES_SHOWN).map((c) => (
            <li key={c.receiptNo} class={`case case-${c.status}`} data-testid="case-row">
              <strong>{c.serviceName}</strong>
              <span>{c.receiptNo}</span>
              <span class="case-status">{t(`progress.state.${c.status}`)}</span>
              <CaseDates c={c} />
              <BackOfficeSteps steps={c.backOffice} />
            </li>
          ))}
        </ul>
      )}
      {cases && cases.length > CASES_SHOWN && (
        <p class="guide-keep">{t('progress.more', { shown: CASES_SHOWN, total: cases.length })}</p>
      )}
    </SideFrame>
  );
}
