import { useState } from 'preact/hooks';
import type {
  CaseAction,
  CaseActionRequest,
  CaseDocument,
  CaseItemView,
  CaseView,
  RefusalKind,
} from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { BackOfficeSteps } from '../shared/back-office-steps.tsx';
import { useLang } from '../shared/lang.ts';
import { ItemForms } from './item-forms.tsx';

interface CaseCardProps {
  item: CaseView;
  /** The materials the case's service item asks for, offered when suspending (补正). */
  itemMaterials: string[];
  /** The case's item as the guide has it: its forms (表格) show, each with a print button. */
  caseItem?: CaseItemView | undefined;
  api: Pick<ApiClient, 'printForm'>;
  busy: boolean;
  onAct: (action: CaseAction, request?: CaseActionRequest) => void;
  onReprint: (document: CaseDocument) => void;
}

type Asking = 'none' | 'suspend' | 'refuse';

const OPEN_STATES = new Set(['accepted', 'in-progress']);
const REFUSAL_KINDS: readonly RefusalKind[] = ['not-accepted', 'not-permitted'];

/** One case on the board: where it stands, its deadlines, and what staff can do with it. */
export function CaseCard({ item, itemMaterials, caseItem, api, busy, onAct, onReprint }: CaseCardProps) {
  const { t } = useLang();
  const [asking, setAsking] = useState<Asking>('none');
  const [missing, setMissing] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [reason, setReason] = useState('');
  const [refusalKind, setRefusalKind] = useState<RefusalKind | undefined>(undefined);
  const open = OPEN_STATES.has(item.state);
  const closed = item.state === 'completed' || item.state === 'refused';
  const running = item.steps?.find((s) => s.startedDay && !s.finishedDay);
  const hasNextStep = !!running && item.steps?.at(-1) !== running;
  // Taken in under 补正 and still waiting for the materials: no receipt yet.
  const receiptDue = !(item.correctionAtIntake && item.state === 'suspended');
  const suspendList = [...missing, ...(other.trim() ? [other.trim()] : [])];

  return (
    <li class={`case-card level-${item.level}`} data-testid="case-card" data-case-number={item.number}>
      <div class="case-head">
        <strong class="case-number">{item.number}</strong>
        <span class={`case-state state-${item.state}`} data-testid="case-state">
          {item.refusalKind === 'not-permitted'
            ? t('cases.state.not-permitted')
            : t(`cases.state.${item.state}`)}
        </span>
        {item.flaggedForReview && <span class="case-flag">{t('cases.flagged')}</span>}
      </div>
      <p class="case-item">{item.itemName}</p>
      <p class="case-meta">
        {t('cases.applicant', { name: item.applicantMasked })} ·{' '}
        <span data-testid="case-deadline">
          {t(item.provisional ? 'cases.deadlineProvisional' : 'cases.deadline', {
            promised: item.promisedDeadline,
            legal: item.legalDeadline,
          })}
        </span>
      </p>
      {running && (
        <p class="case-meta" data-testid="case-step">
          {t('cases.step', {
            name: running.name,
            n: running.workingDays ?? 0,
            limit: running.limitDays,
          })}
          {running.overLimit && <strong class="case-overdue"> {t('cases.step.over')}</strong>}
        </p>
      )}
      {item.workingDaysLeft !== null && (
        <p class="case-meta">{t('cases.daysLeft', { n: item.workingDaysLeft })}</p>
      )}
      {item.overdueWorkingDays !== null && (
        <p class="case-meta case-overdue">{t('cases.overdue', { n: item.overdueWorkingDays })}</p>
      )}
      {item.missingMaterials.length > 0 && (
        <p class="case-meta" data-testid="case-missing">
          {t('cases.missing', { list: item.missingMaterials.join('、') })}
        </p>
      )}
      {item.refusalReason && <p class="case-meta">{item.refusalReason}</p>}
      <BackOfficeSteps steps={item.backOffice} />
      {caseItem && asking === 'none' && <ItemForms item={caseItem} api={api} testId="case" />}
      {!closed && asking === 'none' && (
        <div class="case-actions">
          {open && (
            <button type="button" class="action-button" disabled={busy} onClick={() => setAsking('suspend')}>
              {t('cases.suspend')}
            </button>
          )}
          {item.state === 'suspended' && (
            <button
              type="button"
              class="action-button"
              disabled={busy}
              onClick={() => onAct('resume', { materialsReceived: item.missingMaterials })}
            >
              {t('cases.resume')}
            </button>
          )}
          {open && hasNextStep && running && (
            <button
              type="button"
              class="action-button"
              data-testid="case-advance"
              disabled={busy}
              onClick={() => onAct('advance')}
            >
              {t('cases.advance', { name: running.name })}
            </button>
          )}
          {open && (
            <button type="button" class="action-button" disabled={busy} onClick={() => onAct('complete')}>
              {t('cases.complete')}
            </button>
          )}
          <button type="button" class="action-button" disabled={busy} onClick={() => setAsking('refuse')}>
            {t('cases.refuse')}
          </button>
        </div>
      )}
      {asking === 'none' && (
        <div class="case-reprints">
          {receiptDue && (
            <button
              type="button"
              class="link-button"
              data-testid="case-reprint-receipt"
              onClick={() => onReprint('receipt')}
            >
              {t('cases.reprint.receipt')}
            </button>
          )}
          {item.state === 'suspended' && (
            <button
              type="button"
              class="link-button"
              data-testid="case-reprint-notice"
              onClick={() => onReprint('correction-notice')}
            >
              {t('cases.reprint.notice')}
            </button>
          )}
        </div>
      )}
      {asking === 'suspend' && (
        <form
          class="case-ask"
          onSubmit={(e) => {
            e.preventDefault();
            onAct('suspend', { missingMaterials: suspendList });
            setAsking('none');
          }}
        >
          <fieldset>
            <legend>{t('cases.suspend.ask')}</legend>
            {itemMaterials.map((m) => (
              <label key={m} class="inline-check">
                <input
                  type="checkbox"
                  checked={missing.includes(m)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setMissing((now) => (on ? [...now, m] : now.filter((x) => x !== m)));
                  }}
                />
                {m}
              </label>
            ))}
            <label class="field">
              <span>{t('cases.suspend.other')}</span>
              <input
                type="text"
                value={other}
                maxLength={60}
                onInput={(e) => setOther(e.currentTarget.value)}
              />
            </label>
          </fieldset>
          <button type="submit" class="primary-button" disabled={busy || suspendList.length === 0}>
            {t('cases.suspend.confirm')}
          </button>
          <button type="button" class="link-button" onClick={() => setAsking('none')}>
            {t('common.cancel')}
          </button>
        </form>
      )}
      {asking === 'refuse' && (
        <form
          class="case-ask"
          onSubmit={(e) => {
            e.preventDefault();
            if (!refusalKind) return;
            onAct('refuse', { reason: reason.trim(), refusalKind });
            setAsking('none');
          }}
        >
          <fieldset>
            <legend>{t('cases.refuse.kind')}</legend>
            {REFUSAL_KINDS.map((k) => (
              <label key={k} class="inline-check">
                <input
                  type="radio"
                  name={`refusal-kind-${item.id}`}
                  checked={refusalKind === k}
                  onChange={() => setRefusalKind(k)}
                />
                {t(`cases.refuse.${k}`)}
              </label>
            ))}
          </fieldset>
          <label class="field">
            <span>{t('cases.refuse.reason')}</span>
            <textarea
              required
              maxLength={200}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
          <button
            type="submit"
            class="primary-button"
            disabled={busy || !refusalKind || reason.trim().length < 2}
          >
            {t('cases.refuse.confirm')}
          </button>
          <button type="button" class="link-button" onClick={() => setAsking('none')}>
            {t('common.cancel')}
          </button>
        </form>
      )}
    </li>
  );
}
