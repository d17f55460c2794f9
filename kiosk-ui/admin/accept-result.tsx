import { useState } from 'preact/hooks';
import type { AcceptCaseResponse } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';

interface AcceptResultProps {
  api: Pick<ApiClient, 'reprintCase'>;
  result: AcceptCaseResponse;
}

/**
 * What the clerk sees after 受理: the case number, both deadlines labelled as the receipt prints
 * them (or, under 补正, what is missing), whether the paper printed, and a 补打 button.
 */
export function AcceptResult({ api, result }: AcceptResultProps) {
  const { t } = useLang();
  const [reprint, setReprint] = useState<string | null>(null);
  const c = result.case;
  const notice = result.document === 'correction-notice';
  const paper = notice ? t('accept.paper.notice') : t('accept.paper.receipt');
  const again = async () => {
    try {
      const { printed } = await api.reprintCase(c.id, notice ? 'correction-notice' : 'receipt');
      setReprint(printed ? t('accept.reprinted', { paper }) : t('accept.notReprinted', { paper }));
    } catch (err) {
      setReprint(t('admin.error', { message: apiErrorText(t, err, 'staff') }));
    }
  };
  return (
    <div class="accept-result" role="status" data-testid="accept-result">
      <p class="accept-number" data-testid="accept-case-number">
        {t(notice ? 'accept.doneCorrection' : 'accept.done', { number: c.number })}
      </p>
      {notice ? (
        <p data-testid="accept-missing-result">
          {t('accept.missing', { list: c.missingMaterials.join('、') })}
        </p>
      ) : (
        <p data-testid="accept-deadline">
          {t(c.provisional ? 'accept.deadlineProvisional' : 'accept.deadline', {
            promised: c.promisedDeadline,
            legal: c.legalDeadline,
          })}
        </p>
      )}
      <p data-testid="accept-printed" class={result.printed ? '' : 'form-error'}>
        {result.printed ? t('accept.printedPaper', { paper }) : t('accept.notPrintedPaper', { paper })}
      </p>
      <button type="button" class="link-button" data-testid="accept-reprint" onClick={again}>
        {t('accept.reprint', { paper })}
      </button>
      {reprint && <p data-testid="accept-reprint-result">{reprint}</p>}
    </div>
  );
}
