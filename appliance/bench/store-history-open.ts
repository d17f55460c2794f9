/** Child of the store-history bench: opens one store in a fresh process and prints its open time and RSS. */
import { Store } from '../store/store.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: store-history-open.ts DIR');
const t0 = performance.now();
const store = await Store.open(dir);
const openMs = performance.now() - t0;
globalThis.gc?.();
process.stdout.write(
  `${JSON.stringify({ openMs, rssMb: process.memoryUsage().rss / 2 ** 20, tickets: store.all('ticket').length })}\n`,
);
await store.close();
