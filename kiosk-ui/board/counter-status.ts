/** For the board's counter strip: the number each counter called last (calls are most recent first). */
import type { CallView, CounterView } from '../../contract/api.ts';

export interface CounterStatus {
  counter: CounterView;
  call: CallView | null;
}

export function latestPerCounter(
  calls: readonly CallView[],
  counters: readonly CounterView[],
): CounterStatus[] {
  return [...counters]
    .sort((a, b) => a.number - b.number)
    .map((counter) => ({ counter, call: calls.find((c) => c.counterNumber === counter.number) ?? null }));
}
