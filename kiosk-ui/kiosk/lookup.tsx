import { useState } from 'preact/hooks';
import type { CardView } from '../../contract/api.ts';
import { ApiClientError } from '../shared/api-client.ts';
import { useLang } from '../shared/lang.ts';
import { isNotImplemented } from '../shared/proposed-api.ts';
import { Keypad } from './keypad.tsx';
import { failureText } from './side-frame.tsx';

interface LookupProps {
  card: CardView | null;
  body: string;
  codeLabel: string;
  submitLabel: string;
  withCardLabel: string;
  /** `code` is null when the card on the reader is used. */
  onSubmit: (code: string | null) => Promise<void>;
}

/** "Use the ID card on the reader, or type the code": shared by appointment check-in and 办件查询. */
export function LookupForm({ card, body, codeLabel, submitLabel, withCardLabel, onSubmit }: LookupProps) {
  const { t } = useLang();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (value: string | null) => {
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit(value);
    } catch (err) {
      const missing = err instanceof ApiClientError && isNotImplemented(err.code, err.status);
      setFailure(failureText(t, err, missing));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="lookup" aria-busy={busy}>
      <p>{body}</p>
      {card && (
        <button type="button" class="primary-button" disabled={busy} onClick={() => void submit(null)}>
          {withCardLabel}
        </button>
      )}
      <Keypad value={code} onChange={setCode} label={codeLabel} maxLength={20} />
      <button
        type="button"
        class="primary-button"
        disabled={busy || code.length < 4}
        onClick={() => void submit(code)}
      >
        {submitLabel}
      </button>
      {failure && (
        <p class="side-result side-result-warn" role="alert" data-testid="side-failure">
          {failure}
        </p>
      )}
    </div>
  );
}
