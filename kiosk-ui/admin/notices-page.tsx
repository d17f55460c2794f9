import { useEffect, useState } from 'preact/hooks';
import type { NoticeView } from '../../contract/notices-api.ts';
import type { ApiClient } from '../shared/api-client.ts';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';

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

function ReplyForm({
  notice,
  onSent,
  api,
}: { notice: NoticeView; onSent: (n: NoticeView) => void } & NoticesPageProps) {
  const { t } = useLang();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSent(await api.replyNotice(notice.noticeId, text));
    } catch (err) {
      setError(apiErrorText(t, err, 'staff'));
    } finally {
      setBusy(false);
    }
  };
  const id = `reply-${notice.noticeId}`;
  return (
    <form class="notice-reply no-print" onSubmit={send}>
      <label for={id}>{t('notices.replyLabel')}</label>
      <textarea
        id={id}
        data-testid="notice-reply-text"
        maxLength={1000}
        rows={3}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <button type="submit" data-testid="notice-reply-send" disabled={busy || text.trim() === ''}>
        {busy ? t('notices.sending') : t('notices.send')}
      </button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  );
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
        <ReplyForm notice={notice} api={api} onSent={onSent} />
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
  const [notices, setNotices] = useState<NoticeView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    api.notices().then(
      (r) => !stale && setNotices(r.notices),
      (err: unknown) => !stale && setError(apiErrorText(t, err, 'staff')),
    );
    return () => {
      stale = true;
    };
  }, [api]);
  const replaced = (n: NoticeView) =>
    setNotices((all) => (all ?? []).map((o) => (o.noticeId === n.noticeId ? n : o)));
  return (
    <main class="notices-page">
      <h2 class="no-print">{t('notices.title')}</h2>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {notices === null && !error && <p>{t('common.loading')}</p>}
      {notices?.length === 0 && <p data-testid="notices-none">{t('notices.none')}</p>}
      {notices?.map((n) => (
        <NoticeSheet key={n.noticeId} notice={n} api={api} onSent={replaced} />
      ))}
    </main>
  );
}
