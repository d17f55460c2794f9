import { useEffect, useState } from 'preact/hooks';
import type { ServiceView } from '../../contract/api.ts';
import type { RectificationView } from '../../contract/rectifications-api.ts';
import type { RectificationEntry } from '../../contract/sharing.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';
import type { MessageKey } from '../shared/messages-zh.ts';

interface RectificationsPageProps {
  api: Pick<ApiClient, 'rectifications' | 'answerRectification'>;
  services: ServiceView[];
}

function AnswerForm({
  rect,
  api,
  onSent,
}: { rect: RectificationView; onSent: (r: RectificationView) => void } & Pick<
  RectificationsPageProps,
  'api'
>) {
  const { t } = useLang();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSent(await api.answerRectification(rect.ratingId, text));
      setText('');
    } catch (err) {
      setError(apiErrorText(t, err, 'staff'));
    } finally {
      setBusy(false);
    }
  };
  const id = `answer-${rect.ratingId}`;
  return (
    <form class="notice-reply" onSubmit={send}>
      <label for={id}>{t('rect.answerLabel')}</label>
      <textarea
        id={id}
        data-testid="rect-answer-text"
        maxLength={1000}
        rows={3}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <button type="submit" data-testid="rect-answer-send" disabled={busy || text.trim() === ''}>
        {busy ? t('rect.sending') : t('rect.send')}
      </button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  );
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
        <AnswerForm rect={rect} api={api} onSent={onSent} />
      ) : (
        rect.central?.state === 'visited' && <p class="muted">{t('rect.closed')}</p>
      )}
    </article>
  );
}

/** This centre's 差评 rectifications, what the district centre did with each, and the centre's answers. */
export function RectificationsPage({ api, services }: RectificationsPageProps) {
  const { t } = useLang();
  const [rects, setRects] = useState<RectificationView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    api.rectifications().then(
      (r) => !stale && setRects(r.rectifications),
      (err: unknown) => !stale && setError(apiErrorText(t, err, 'staff')),
    );
    return () => {
      stale = true;
    };
  }, [api]);
  const replaced = (r: RectificationView) =>
    setRects((all) => (all ?? []).map((o) => (o.ratingId === r.ratingId ? r : o)));
  return (
    <main class="notices-page">
      <h2>{t('rect.title')}</h2>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {rects === null && !error && <p>{t('common.loading')}</p>}
      {rects?.length === 0 && <p data-testid="rects-none">{t('rect.none')}</p>}
      {rects?.map((r) => (
        <RectificationSheet key={r.ratingId} rect={r} api={api} services={services} onSent={replaced} />
      ))}
    </main>
  );
}
