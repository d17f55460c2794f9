import { useCallback } from 'preact/hooks';
import type { NoticeView } from '../../contract/notices-api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { useLang } from '../shared/lang.ts';
import { AnsweredList, AnswerForm } from './answered-list.tsx';

const KIND_EN: Record<string, string> = {
  urge: 'Urging notice',
  yellow: 'Yellow-card supervision notice',
  red: 'Rectification proposal',
};

interface NoticesPageProps {
  api: Pick<ApiClient, 'notices' | 'replyNotice'>;
}

/** Prints one notice alone on an A4 page (notices.css hides the rest while it prints). */
function printNotice(noticeId: string): void {
  const sheet = document.querySelector(`[data-notice-id="${CSS.escape(noticeId)}"]`);
  sheet?.setAttribute('data-printing', '');
  document.body.dataset.printNotice = noticeId;
  const done = () => {
    sheet?.removeAttribute('data-printing');
    delete document.body.dataset.printNotice;
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

function NoticeSheet({
  notice,
  api,
  onSent,
}: { notice: NoticeView; onSent: (n: NoticeView) => void } & NoticesPageProps) {
  const { lang, t } = useLang();
  const kind = lang === 'zh-CN' ? notice.kindName : (KIND_EN[notice.kind] ?? notice.kind);
  const issued = new Date(notice.issuedAt).toLocaleDateString(lang, { timeZone: 'Asia/Shanghai' });
  return (
    <article class="notice-sheet" data-testid="notice" data-notice-id={notice.noticeId}>
      <header>
        <p class="notice-issuer">{t('notices.issuer')}</p>
        <h2 data-testid="notice-kind">{kind}</h2>
      </header>
      <dl>
        <dt>{t('notices.case')}</dt>
        <dd data-testid="notice-case" translate={false}>
          {notice.caseNumber ?? notice.caseId ?? ''}
        </dd>
        <dt>{t('notices.issued')}</dt>
        <dd>{issued}</dd>
        <dt>{t('notices.replyBy')}</dt>
        <dd data-testid="notice-deadline">{notice.replyBy ?? ''}</dd>
      </dl>
      <p class="notice-text" lang="zh-CN" data-testid="notice-text">
        {notice.text}
      </p>
      {notice.reply ? (
        <section class="notice-answer" data-testid="notice-answer">
          <h3>{t('notices.reply')}</h3>
          <p lang="zh-CN">{notice.reply.text}</p>
          <p class="muted">
            {t('notices.repliedOn', { day: notice.reply.day })} ·{' '}
            {t(notice.reply.state === 'recorded' ? 'notices.recorded' : 'notices.sent')}
          </p>
        </section>
      ) : (
        <AnswerForm
          id={`reply-${notice.noticeId}`}
          class="no-print"
          label={t('notices.replyLabel')}
          textTestId="notice-reply-text"
          sendTestId="notice-reply-send"
          sendLabel={t('notices.send')}
          sendingLabel={t('notices.sending')}
          onSend={async (text) => onSent(await api.replyNotice(notice.noticeId, text))}
        />
      )}
      <button
        type="button"
        class="no-print"
        data-testid="notice-print"
        onClick={() => printNotice(notice.noticeId)}
      >
        {t('notices.print')}
      </button>
    </article>
  );
}

/** The supervision notices central addressed to this centre, each printable, with the centre's reply (回告). */
export function NoticesPage({ api }: NoticesPageProps) {
  const { t } = useLang();
  const load = useCallback(() => api.notices().then((r) => r.notices), [api]);
  return (
    <AnsweredList
      title={t('notices.title')}
      titleClass="no-print"
      load={load}
      keyOf={(n) => n.noticeId}
      noneTestId="notices-none"
      noneText={t('notices.none')}
      render={(n, replace) => <NoticeSheet notice={n} api={api} onSent={replace} />}
    />
  );
}
