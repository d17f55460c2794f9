import { useLang } from '../shared/lang.ts';

interface KeypadProps {
  value: string;
  onChange: (value: string) => void;
  /** Extra keys before the digits, e.g. the services' ticket prefixes. */
  letters?: string[];
  maxLength?: number;
  label: string;
  /** Off when the value is already shown in a text field next to the keys. */
  showValue?: boolean;
}

/** An on-screen keypad: kiosks have no keyboard, and the system one covers half the screen. */
export function Keypad({
  value,
  onChange,
  letters = [],
  maxLength = 12,
  label,
  showValue = true,
}: KeypadProps) {
  const { t } = useLang();
  const press = (key: string) => {
    if (value.length < maxLength) onChange(value + key);
  };
  return (
    <div class="keypad">
      {showValue && (
        <output class="keypad-display" aria-label={label} data-testid="keypad-value">
          {value || '\u00a0'}
        </output>
      )}
      <fieldset class="keypad-keys" aria-label={label}>
        {[...letters, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((key) => (
          <button key={key} type="button" class="key" onClick={() => press(key)}>
            {key}
          </button>
        ))}
        <button type="button" class="key key-wide" onClick={() => onChange(value.slice(0, -1))}>
          {t('keypad.delete')}
        </button>
        <button type="button" class="key key-wide" onClick={() => onChange('')}>
          {t('keypad.clear')}
        </button>
      </fieldset>
    </div>
  );
}
