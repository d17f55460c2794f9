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

/**
 * 12 digits typed on the keypad are a receipt number without its dash (20261128-0001); anything
 * else (a QR payload from the scanner, a number typed with its dash) is sent as it is.
 */
export function receiptCode(typed: string): string {
  const value = typed.trim();
  return /^\d{12}$/.test(value) ? `${value.slice(0, 8)}-${value.slice(8)}` : value;
}

/** "Use the ID card on the reader, or scan / type the receipt": the 办件查询 form. */
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
    <form
      class="lookup"
      aria-busy={busy}
      onSubmit={(e) => {
        e.preventDefault();
        if (code.trim().length >= 4) void submit(receiptCode(code));
      }}
    >
      <p>{body}</p>
      {card && (
        <button type="button" class="primary-button" disabled={busy} onClick={() => void submit(null)}>
          {withCardLabel}
        </button>
      )}
      <label class="code-field">
        <span>{codeLabel}</span>
        {/* A keyboard-wedge scanner types the receipt's QR text here. */}
        <input
          type="text"
          inputMode="none"
          autoComplete="off"
          data-testid="lookup-code"
          value={code}
          maxLength={200}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </label>
      <Keypad value={code} onChange={setCode} label={codeLabel} maxLength={200} showValue={false} />
      <button type="submit" class="primary-button" disabled={busy || code.trim().length < 4}>
        {submitLabel}
      </button>
      {failure && (
        <p class="side-result side-result-warn" role="alert" data-testid="side-failure">
          {failure}
        </p>
      )}
    </form>
  );
}
