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
  /**
   * `code` is null when the card on the reader is used; `idTail` (the last four characters of the
   * ID number) goes with a typed receipt number, which alone shows nothing.
   */
  onSubmit: (code: string | null, idTail?: string) => Promise<void>;
}

/**
 * 15 digits typed on the keypad are a receipt number without its dash (20261128-4821375; 12 for
 * the older 20261128-0001); anything else (a QR payload from the scanner, a number typed with its
 * dash) is sent as it is.
 */
export function receiptCode(typed: string): string {
  const value = typed.trim();
  return /^(\d{12}|\d{15})$/.test(value) ? `${value.slice(0, 8)}-${value.slice(8)}` : value;
}

/** A typed receipt number (not a scanned QR): it needs the ID number's last four characters too. */
const isTypedNumber = (code: string) => /^[\d-]{4,}$/.test(code.trim());

interface CodeFieldProps {
  label: string;
  testId: string;
  value: string;
  maxLength: number;
  onFocus: () => void;
  onInput: (value: string) => void;
}

/** A text field the on-screen keypad types into (no system keyboard: inputMode none). */
function CodeField({ label, testId, value, maxLength, onFocus, onInput }: CodeFieldProps) {
  return (
    <label class="code-field">
      <span>{label}</span>
      <input
        type="text"
        inputMode="none"
        autoComplete="off"
        data-testid={testId}
        value={value}
        maxLength={maxLength}
        onFocus={onFocus}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </label>
  );
}

/** "Use the ID card on the reader, or scan / type the receipt": the 办件查询 form. */
export function LookupForm({ card, body, codeLabel, submitLabel, withCardLabel, onSubmit }: LookupProps) {
  const { t } = useLang();
  const [code, setCode] = useState('');
  const [tail, setTail] = useState('');
  const [typing, setTyping] = useState<'code' | 'tail'>('code');
  const needsTail = isTypedNumber(code);
  const onCode = (value: string) => {
    setCode(value);
    // A whole receipt number typed: the keypad moves on to the ID number's last four.
    if (/^\d{15}$/.test(value.trim()) || /^\d{8}-\d{7}$/.test(value.trim())) setTyping('tail');
  };
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (value: string | null, idTail?: string) => {
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit(value, idTail);
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
        if (code.trim().length < 4) return;
        void submit(receiptCode(code), needsTail && tail.length === 4 ? tail : undefined);
      }}
    >
      <p>{body}</p>
      {card && (
        <button type="button" class="primary-button" disabled={busy} onClick={() => void submit(null)}>
          {withCardLabel}
        </button>
      )}
      {/* A keyboard-wedge scanner types the receipt's QR text into the first field. */}
      <CodeField
        label={codeLabel}
        testId="lookup-code"
        value={code}
        maxLength={200}
        onFocus={() => setTyping('code')}
        onInput={onCode}
      />
      {needsTail && (
        <CodeField
          label={t('progress.idTail')}
          testId="lookup-id-tail"
          value={tail}
          maxLength={4}
          onFocus={() => setTyping('tail')}
          onInput={(v) => setTail(v.toUpperCase())}
        />
      )}
      {typing === 'tail' && needsTail ? (
        <Keypad
          value={tail}
          onChange={(v) => setTail(v.toUpperCase())}
          letters={['X']}
          label={t('progress.idTail')}
          maxLength={4}
          showValue={false}
        />
      ) : (
        <Keypad value={code} onChange={onCode} label={codeLabel} maxLength={200} showValue={false} />
      )}
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
