import { useState } from 'preact/hooks';
import type { CaseAction, CaseActionRequest, CaseDocument, ServiceView } from '../../contract/api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText, apiErrorTextForCode } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';
import type { StateStream } from '../shared/state-stream.ts';
import { CaseCard } from './case-card.tsx';
import { caseItemOf, groupCases, itemMaterials, LEVELS } from './case-groups.ts';
import { useLiveFetch } from './use-live-fetch.ts';

interface CaseBoardProps {
  api: Pick<ApiClient, 'listCases' | 'caseAction' | 'reprintCase' | 'printForm'>;
  stream: StateStream;
  services: ServiceView[];
  onUnauthorised: () => void;
}

/** 电子监察 at the centre: every case by supervision level, with suspend / resume / complete / refuse. */
export function CaseBoard({ api, stream, services, onUnauthorised }: CaseBoardProps) {
  const { t } = useLang();
  const cases = useLiveFetch(() => api.listCases(), stream, onUnauthorised, [api]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const groups = groupCases(cases.data?.cases ?? []);

  const act = async (caseId: string, action: CaseAction, request?: CaseActionRequest) => {
    setBusy(true);
    setMessage(null);
    try {
      const answer = await api.caseAction(caseId, action, request);
      // A suspension prints the 一次性告知单; the resume that completes a 补正 at acceptance, the receipt.
      if (answer.printed) setMessage(printedText(answer.printed.document, answer.printed.printed, false));
    } catch (err) {
      setMessage(t('admin.error', { message: apiErrorText(t, err, 'staff') }));
    } finally {
      setBusy(false);
      cases.refresh();
    }
  };

  const printedText = (document: CaseDocument, printed: boolean, reprint: boolean) => {
    const paper = document === 'receipt' ? t('accept.paper.receipt') : t('accept.paper.notice');
    if (reprint) return printed ? t('accept.reprinted', { paper }) : t('accept.notReprinted', { paper });
    return printed ? t('accept.printedPaper', { paper }) : t('accept.notPrintedPaper', { paper });
  };
  const reprint = async (caseId: string, document: CaseDocument) => {
    setMessage(null);
    try {
      const { printed } = await api.reprintCase(caseId, document);
      setMessage(printedText(document, printed, true));
    } catch (err) {
      setMessage(t('admin.error', { message: apiErrorText(t, err, 'staff') }));
    }
  };

  const card = (c: (typeof groups.closed)[number]) => (
    <CaseCard
      key={c.id}
      item={c}
      itemMaterials={itemMaterials(services, c)}
      caseItem={caseItemOf(services, c)}
      api={api}
      busy={busy}
      onAct={(action, request) => void act(c.id, action, request)}
      onReprint={(document) => void reprint(c.id, document)}
    />
  );

  return (
    <main class="case-board" aria-labelledby="cases-title">
      <div class="queue-head">
        <h2 id="cases-title">{t('cases.title')}</h2>
        <button type="button" class="link-button" onClick={cases.refresh}>
          {t('cases.refresh')}
        </button>
      </div>
      {(message || cases.error) && (
        <p class="notice" role="status" data-testid="cases-message">
          {message ??
            t('admin.error', { message: apiErrorTextForCode(t, cases.error ?? 'unknown', 'staff') })}
        </p>
      )}
      <div class="case-columns">
        {LEVELS.map((level) => (
          <section
            key={level}
            class={`case-group group-${level}`}
            data-testid={`case-group-${level}`}
            aria-labelledby={`level-${level}`}
          >
            <h3 id={`level-${level}`}>
              {t(`cases.level.${level}`)} <span class="count">{groups.open[level].length}</span>
            </h3>
            {groups.open[level].length === 0 ? (
              <p class="case-empty">{t('cases.empty')}</p>
            ) : (
              <ul class="case-list">{groups.open[level].map(card)}</ul>
            )}
          </section>
        ))}
      </div>
      <section class="case-closed" data-testid="case-closed" aria-labelledby="closed-title">
        <h3 id="closed-title">{t('cases.closed', { count: groups.closed.length })}</h3>
        <ul class="case-list case-list-closed">{groups.closed.map(card)}</ul>
      </section>
    </main>
  );
}
