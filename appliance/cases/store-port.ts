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
  commit(puts: OwnRecord[], tx: TxDraft): Promise<unknown>;
}
