/**
 * A kiosk for the nothing-lost test: the real store, outbox and fleet agent, issuing transactions
 * until its store holds TOTAL of them (so a restart after SIGKILL carries on where it stopped),
 * then reporting when its outbox is empty.
 */
import { join } from 'node:path';
import { FleetAgent } from '../../appliance/fleet-agent/agent.ts';
import { Outbox } from '../../appliance/outbox/outbox.ts';
import { Store } from '../../appliance/store/store.ts';
import { sampleDraft } from '../support/tx.ts';

const [dataDir, brokerUrl, totalText] = process.argv.slice(2);
if (!dataDir || !brokerUrl || !totalText)
  throw new Error('usage: kiosk-process.ts DATA_DIR BROKER_URL TOTAL');
const total = Number(totalText);

const store = await Store.open(join(dataDir, 'log'));
const outbox = await Outbox.open(dataDir, store);
store.on('committed', (c) => c.tx && outbox.add(c.tx));
const agent = new FleetAgent({
  kioskId: 'K-LOSS-0001',
  brokerUrl,
  protocolVersion: 5,
  dataDir,
  outbox,
  version: 'test',
  window: 50,
  ackTimeoutMs: 3_000,
  reconnectBaseMs: 200,
  reconnectCapMs: 2_000,
  keepaliveSec: 5,
});
await agent.start();

let issued = store.transactions().length;
process.stdout.write(`STARTED issued=${issued} pending=${outbox.depth}\n`);
while (issued < total) {
  const batch = Math.min(100, total - issued);
  await Promise.all(
    Array.from({ length: batch }, (_, i) => store.commit([], sampleDraft('rating.given', issued + i))),
  );
  issued += batch;
  if (issued % 1000 === 0) process.stdout.write(`ISSUED ${issued}\n`);
  await new Promise((r) => setTimeout(r, 5));
}
process.stdout.write(`ALL-ISSUED ${issued}\n`);
const timer = setInterval(() => {
  process.stdout.write(`PENDING ${outbox.depth}\n`);
  if (outbox.depth === 0) {
    clearInterval(timer);
    process.stdout.write('DRAINED\n');
  }
}, 250);
