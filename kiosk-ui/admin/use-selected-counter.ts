import { useEffect, useState } from 'preact/hooks';
import type { CounterView } from '../../contract/api.ts';

const STORAGE_KEY = 'shequ.admin.counterId';

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The counter this browser works at, remembered across reloads; falls back to the first counter. */
export function useSelectedCounter(counters: CounterView[]): [string | null, (id: string) => void] {
  const [selected, setSelected] = useState<string | null>(readStored());
  const valid = selected !== null && counters.some((c) => c.id === selected);
  const effective = valid ? selected : (counters[0]?.id ?? null);
  useEffect(() => {
    if (!valid && effective !== null) setSelected(effective);
  }, [valid, effective]);
  const choose = (id: string) => {
    setSelected(id);
    try {
      localStorage.setItem(STORAGE_KEY, id);
    } catch {
      // storage may be disabled (private mode); the choice then lasts for this page only
    }
  };
  return [effective, choose];
}
