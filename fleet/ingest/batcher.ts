/**
 * Gathers items for up to `maxWaitMs` or `maxItems`, then hands them to `flush` as one batch.
 * Only one flush runs at a time; items that arrive meanwhile form the next batch, so a slow
 * database turns into bigger batches rather than a pile of concurrent transactions.
 */
export interface Batcher<T> {
  push(item: T): void;
  /** Flushes whatever is pending and resolves when every flush so far has finished. */
  drain(): Promise<void>;
  readonly pending: number;
}

export function createBatcher<T>(opts: {
  maxItems: number;
  maxWaitMs: number;
  flush: (items: T[]) => Promise<void>;
  onError: (err: unknown, items: T[]) => void;
}): Batcher<T> {
  let queue: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  function schedule(): void {
    if (running || queue.length === 0) return;
    if (queue.length >= opts.maxItems) {
      start();
      return;
    }
    timer ??= setTimeout(start, opts.maxWaitMs);
  }

  function start(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (running || queue.length === 0) return;
    const batch = queue.slice(0, opts.maxItems);
    queue = queue.slice(batch.length);
    running = opts
      .flush(batch)
      .catch((err: unknown) => opts.onError(err, batch))
      .finally(() => {
        running = undefined;
        // Items that arrived during the flush have waited long enough already.
        start();
      });
  }

  return {
    push(item) {
      queue.push(item);
      schedule();
    },
    async drain() {
      while (running || queue.length > 0) {
        if (!running) start();
        await running;
      }
    },
    get pending() {
      return queue.length;
    },
  };
}
