/**
 * Child of the compaction crash test: in its data directory, round after round, commits a day of
 * tickets (each issued, then finished), then compacts that day into the archive. It prints a line
 * for every commit that resolved (acknowledged: it must survive) and when each compaction starts,
 * so the parent can SIGKILL it in the middle of one.
 */
import { sampleDraft } from '../../../test/support/tx.ts';
import type { TicketRecord } from '../records.ts';
import { Store } from '../store.ts';

const [dir, firstRound] = process.argv.slice(2);
if (!dir || firstRound === undefined) throw new Error('usage: compaction-child.ts DIR FIRST-ROUND');
const PER_DAY = 100;
const dayOf = (round: number) => new Date(Date.UTC(2026, 0, 1 + round)).toISOString().slice(0, 10);
const store = await Store.open(dir, { segmentBytes: 64 * 1024 });
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

for (let round = Number(firstRound); ; round++) {
  const day = dayOf(round);
  await Promise.all(
    Array.from({ length: PER_DAY }, async (_, i) => {
      const ticket: TicketRecord = {
        kind: 'ticket',
        id: `${day}-${i}`,
        day,
        serviceId: 's',
        number: `A${i + 1}`,
        ordinal: i + 1,
        priority: false,
        status: 'waiting',
        issuedAt: Date.parse(day) + i,
        holder: { ref: `P${i % 40}`, sealed: 'sealed', maskedName: '张*', maskedNumber: '1101**' },
      };
      await store.commit([ticket], sampleDraft('rating.given', round * PER_DAY + i), [
        { scope: `ticket:${day}:A`, n: i + 1, day },
      ]);
      await store.commit([
        { ...ticket, status: 'done', calledAt: ticket.issuedAt + 5, finishedAt: ticket.issuedAt + 9 },
      ]);
      say({ id: ticket.id, status: 'done' });
    }),
  );
  say({ compacting: round });
  await store.compact({
    today: dayOf(round + 1),
    dayOf: (ts) => new Date(ts).toISOString().slice(0, 10),
    isAcked: (seq) => seq % 2 === 0,
  });
  say({ compacted: round });
}
