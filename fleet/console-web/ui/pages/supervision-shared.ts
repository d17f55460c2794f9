/** What the supervision page's tabs share: the language test, notice kind names, a button action with its error. */
import { useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { lang } from '../i18n.ts';

export const zh = () => lang.get() === 'zh';
const KIND_NAMES: Record<string, [string, string]> = {
  urge: ['催办通知', 'Reminder'],
  yellow: ['黄牌督办通知书', 'Yellow-card notice'],
  red: ['整改建议书', 'Rectification proposal'],
};
export const kindName = (k: string) => KIND_NAMES[k]?.[zh() ? 0 : 1] ?? k;

export function useAct() {
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, after: () => void) => {
    setError(null);
    try {
      await fn();
      after();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return { error, run };
}
