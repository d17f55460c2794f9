import { useCallback } from 'preact/hooks';
import type { ServiceView } from '../../contract/api.ts';
import type { RectificationView } from '../../contract/rectifications-api.ts';
import type { RectificationEntry } from '../../contract/sharing.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { useLang } from '../shared/lang.ts';
import type { MessageKey } from '../shared/messages-zh.ts';
import { AnsweredList, AnswerForm } from './answered-list.tsx';

interface RectificationsPageProps {
  api: Pick<ApiClient, 'rectifications' | 'answerRectification'>;
  services: ServiceView[];
}

/** What the district centre did: state, who is responsible, the 回访 result, an escalation, every act. */
function CentralSide({ central }: { central: RectificationEntry }) {
  const { t } = useLang();
  const actName = (a: string) => t(`rect.act.${a}` as MessageKey);
  return (
    <section class="notice-answer" data-testid="rect-central">
      <h3>{t('rect.central')}</h3>
      <p data-testid="rect-state">{t(`rect.state.${central.state}` as MessageKey)}</p>
      {central.assignee && (
        <p data-testid="rect-assignee">
          {t('rect.assignee')}
          <span translate={false}>{central.assignee}</span>
        </p>
      )}
      {central.visit && (
        <p data-testid="rect-visit">
          {t('rect.visit', { result: central.visit.result, day: central.visit.day })}
          {central.visit.satisfied !== undefined &&
            ` · ${t(central.visit.satisfied ? 'rect.visit.satisfied' : 'rect.visit.unsatisfied')}`}
        </p>
      )}
      {central.escalated && (
        <p data-testid="rect-escalated">
          {t('rect.escalated', { to: central.escalated.to, day: central.escalated.day })}
        </p>
      )}
      <ol class="muted">
        {central.acts.map((a, i) => (
          <li key={i} data-testid="rect-act">
            {a.day} {actName(a.action)}
            {a.text || a.to ? `：${a.text ?? a.to}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

function RectificationSheet({
  rect,
  api,
  services,
  onSent,
}: { rect: RectificationView; onSent: (r: RectificationView) => void } & RectificationsPageProps) {
  const { t } = useLang();
  const service = services.find((s) => s.id === rect.serviceId)?.name ?? rect.serviceId;
  return (
    <article class="notice-sheet" data-testid="rectification" data-rating-id={rect.ratingId}>
      <dl>
        <dt>{t('rect.rating')}</dt>
        <dd data-testid="rect-score">{t(rect.score <= 1 ? 'score.1' : 'score.2')}</dd>
        <dt>{t('rect.service')}</dt>
        <dd>{service}</dd>
        <dt>{t('rect.day')}</dt>
        <dd>{rect.day}</dd>
        <dt>{t('rect.due')}</dt>
        <dd data-testid="rect-due">{rect.dueDay ?? ''}</dd>
        {rect.comment && (
          <>
            <dt>{t('rect.comment')}</dt>
            <dd lang="zh-CN">{rect.comment}</dd>
          </>
        )}
      </dl>
      {rect.central ? (
        <CentralSide central={rect.central} />
      ) : (
        <p class="muted" data-testid="rect-central-none">
          {t('rect.central.none')}
        </p>
      )}
      {rect.answers.length > 0 && (
        <section class="notice-answer">
          <h3>{t('rect.answers')}</h3>
          {rect.answers.map((a, i) => (
            <p key={i} data-testid="rect-answer">
              <span lang="zh-CN">{a.text}</span> · {a.day} ·{' '}
              <span data-testid="rect-answer-state">
                {t(a.state === 'recorded' ? 'rect.answer.recorded' : 'rect.answer.sent')}
              </span>
            </p>
          ))}
        </section>
      )}
      {rect.canAnswer ? (
        <AnswerForm
          id={`answer-${rect.ratingId}`}
          label={t('rect.answerLabel')}
          textTestId="rect-answer-text"
          sendTestId="rect-answer-send"
          sendLabel={t('rect.send')}
          sendingLabel={t('rect.sending')}
          clearOnSent
          onSend={async (text) => onSent(await api.answerRectification(rect.ratingId, text))}
        />
      ) : (
        rect.central?.state === 'visited' && <p class="muted">{t('rect.closed')}</p>
      )}
    </article>
  );
}

/** This centre's 差评 rectifications, what the district centre did with each, and the centre's answers. */
export function RectificationsPage({ api, services }: RectificationsPageProps) {
  const { t } = useLang();
  const load = useCallback(() => api.rectifications().then((r) => r.rectifications), [api]);
  return (
    <AnsweredList
      title={t('rect.title')}
      load={load}
      keyOf={(r) => r.ratingId}
      noneTestId="rects-none"
      noneText={t('rect.none')}
      render={(r, replace) => <RectificationSheet rect={r} api={api} services={services} onSent={replace} />}
    />
  );
}
