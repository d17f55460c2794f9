import type { CounterView } from '../../contract/api.ts';
import { useLang } from '../shared/lang.ts';

interface CounterPickerProps {
  counters: CounterView[];
  value: string | null;
  onChange: (counterId: string) => void;
}

export function CounterPicker({ counters, value, onChange }: CounterPickerProps) {
  const { t } = useLang();
  return (
    <label class="counter-picker">
      <span>{t('admin.counter')}</span>
      <select
        data-testid="counter-select"
        value={value ?? ''}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-label={t('admin.counter.choose')}
      >
        {value === null && <option value="">{t('admin.counter.choose')}</option>}
        {counters.map((c) => (
          <option key={c.id} value={c.id}>
            {c.number} · {c.name}
            {c.paused ? ` (${t('admin.counter.paused')})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
