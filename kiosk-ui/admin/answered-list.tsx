/**
 * What the notices page (督办通知 and their 回告) and the rectifications page (差评 and the centre's
 * answers) share: a list loaded once from the appliance, each entry replaced by what the answer's
 * route sends back, and the form a clerk writes the answer in.
 */
import { type ComponentChildren, Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiErrorText } from '../shared/api-errors.ts';
import { useLang } from '../shared/lang.ts';

interface AnswerFormProps {
  /** The textarea's id (its label points at it). */
  id: string;
  label: string;
  textTestId: string;
  sendTestId: string;
  sendLabel: string;
  sendingLabel: string;
  /** Extra classes on the form (`no-print` where the page prints). */
  class?: string;
  /** Sends the text; the form is emptied once it is sent when `clearOnSent`. */
  onSend: (text: string) => Promise<void>;
  clearOnSent?: boolean;
}

export function AnswerForm(p: AnswerFormProps) {
  const { t } = useLang();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await p.onSend(text);
      if (p.clearOnSent) setText('');
    } catch (err) {
      setError(apiErrorText(t, err, 'staff'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class={`notice-reply${p.class ? ` ${p.class}` : ''}`} onSubmit={send}>
      <label for={p.id}>{p.label}</label>
      <textarea
        id={p.id}
        data-testid={p.textTestId}
        maxLength={1000}
        rows={3}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <button type="submit" data-testid={p.sendTestId} disabled={busy || text.trim() === ''}>
        {busy ? p.sendingLabel : p.sendLabel}
      </button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  );
}

interface AnsweredListProps<T> {
  title: string;
  titleClass?: string;
  /** Memoised by the page (useCallback): a new function loads the list again. */
  load: () => Promise<T[]>;
  keyOf: (item: T) => string;
  noneTestId: string;
  noneText: string;
  /** One entry; `replace` puts the entry the answer's route sent back in its place. */
  render: (item: T, replace: (updated: T) => void) => ComponentChildren;
}

export function AnsweredList<T>({
  title,
  titleClass,
  load,
  keyOf,
  noneTestId,
  noneText,
  render,
}: AnsweredListProps<T>) {
  const { t } = useLang();
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    load().then(
      (r) => !stale && setItems(r),
      (err: unknown) => !stale && setError(apiErrorText(t, err, 'staff')),
    );
    return () => {
      stale = true;
    };
  }, [load]);
  const replace = (updated: T) =>
    setItems((all) => (all ?? []).map((o) => (keyOf(o) === keyOf(updated) ? updated : o)));
  return (
    <main class="notices-page">
      <h2 {...(titleClass ? { class: titleClass } : {})}>{title}</h2>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {items === null && !error && <p>{t('common.loading')}</p>}
      {items?.length === 0 && <p data-testid={noneTestId}>{noneText}</p>}
      {items?.map((item) => (
        <Fragment key={keyOf(item)}>{render(item, replace)}</Fragment>
      ))}
    </main>
  );
}
