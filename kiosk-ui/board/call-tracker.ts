/**
 * Decides which calls are new since the last state push. The first push only records what is
 * already on the board (a board that reloads must not re-announce the last ten calls).
 */
import type { CallView } from '../../contract/api.ts';
import { callKey } from '../shared/format.ts';

export interface CallTracker {
  /** Calls not seen before, oldest first (the order they should be announced in). */
  newCalls(calls: readonly CallView[]): CallView[];
}

export function createCallTracker(memory = 200): CallTracker {
  const seen = new Set<string>();
  let primed = false;
  return {
    newCalls(calls) {
      const fresh: CallView[] = [];
      for (const call of calls) {
        const key = callKey(call);
        if (seen.has(key)) continue;
        seen.add(key);
        if (primed) fresh.push(call);
      }
      primed = true;
      // Forget the oldest keys; Set iterates in insertion order.
      while (seen.size > memory) {
        const oldest = seen.values().next().value;
        if (oldest === undefined) break;
        seen.delete(oldest);
      }
      return fresh.sort((a, b) => a.calledAt - b.calledAt);
    },
  };
}
