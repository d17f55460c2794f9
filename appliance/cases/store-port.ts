/**
 * The part of the appliance Store this module uses. The real Store satisfies it once
 * `CaseRecord | RatingRecord` are members of `StoredRecord`; tests and the lead's wiring pass the
 * Store itself.
 */
import type { TicketRecord } from '../store/records.ts';
import type { TxDraft } from '../store/store.ts';
import type { CaseRecord, RatingRecord } from './records.ts';

type OwnRecord = CaseRecord | RatingRecord;
type OwnKind = OwnRecord['kind'];
type ReadRecord = OwnRecord | TicketRecord;

export interface CaseStore {
  get<K extends ReadRecord['kind']>(kind: K, id: string): Extract<ReadRecord, { kind: K }> | undefined;
  all<K extends OwnKind>(kind: K): Extract<OwnRecord, { kind: K }>[];
  /** `issued`: the numbers the commit hands out (a receipt number), so none is handed out twice. */
  commit(
    puts: OwnRecord[],
    tx: TxDraft,
    issued?: readonly { scope: string; n: number; day?: string }[],
  ): Promise<unknown>;
  /** The highest number handed out in a scope, including any a damaged log no longer holds. */
  highestIssued(scope: string): number;
}
