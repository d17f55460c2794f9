/** What start-up repaired or kept aside after damage (a power cut, a torn file), said in the event log. */

import type { Outbox } from '../outbox/outbox.ts';
import type { AuditLog } from '../privacy/audit-log.ts';
import type { Store } from '../store/store.ts';
import type { EventLog } from './event-log.ts';

export function logRepairs(log: EventLog, parts: { store: Store; outbox: Outbox; audit: AuditLog }): void {
  for (const q of parts.store.quarantined) log.add('error', 'store', `quarantined corrupt file: ${q.reason}`);
  for (const skip of parts.store.skipped)
    log.add(
      'error',
      'store',
      `numbers ${skip.from}–${skip.to} of ${skip.scope} skipped after damage to the log`,
    );
  const { removedTemporary, tornTailBytes, numberingRebuiltBecause, liveStateRebuilt } = parts.store.repairs;
  if (liveStateRebuilt)
    log.add(
      'error',
      'store',
      'no live snapshot could be read: the live state was rebuilt from the log on disk (records only the lost snapshots held are missing; archived days stay archived)',
    );
  if (tornTailBytes > 0)
    log.add('warn', 'store', `cut a torn tail of ${tornTailBytes} bytes (an unfinished write)`);
  if (removedTemporary.length > 0)
    log.add('warn', 'store', `removed ${removedTemporary.length} temporary files of interrupted writes`);
  if (parts.outbox.rebuiltBecause)
    log.add('warn', 'outbox', `${parts.outbox.rebuiltBecause}; rebuilt: every transaction is offered again`);
  if (parts.audit.tailCut)
    log.add('warn', 'audit', `cut a torn tail of ${parts.audit.tailCut.bytes} bytes from the audit log`);
  if (parts.audit.quarantined)
    log.add(
      'error',
      'audit',
      `damaged audit log kept aside as ${parts.audit.quarantined.movedTo}: ${parts.audit.quarantined.reason}`,
    );
  if (numberingRebuiltBecause)
    log.add('warn', 'store', `numbering file rebuilt from the log: ${numberingRebuiltBecause}`);
}
