/** Shared set-up for this folder's tests: a real Store in a temp dir, tickets, and a Beijing clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersonRef } from '../store/person-ref.ts';
import type { TicketRecord } from '../store/records.ts';
import { Store } from '../store/store.ts';
import type { CaseStore } from './store-port.ts';

/** The instant of a Beijing wall-clock time (UTC+8, no daylight saving). */
export function beijing(day: string, hh = 9, mm = 0): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, hh - 8, mm);
}

export const applicant: PersonRef = {
  ref: 'hmac-applicant-1',
  sealed: 'sealed-bytes',
  maskedName: '王*',
  maskedNumber: '110105********0018',
};

export interface TestStore {
  store: Store;
  /** The real Store seen through this module's port (the StoredRecord union lacks case/rating yet). */
  port: CaseStore;
  dir: string;
}

const dirs: string[] = [];
/** Closed before their dirs go (an unclosed store's files would be closed by the GC, with a warning). */
const stores: Store[] = [];

export async function openTestStore(dir?: string): Promise<TestStore> {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'shequ-cases-'));
  if (!dir) dirs.push(d);
  const store = await Store.open(d);
  stores.push(store);
  return { store, port: store as unknown as CaseStore, dir: d };
}

export async function removeTestDirs(): Promise<void> {
  for (const store of stores.splice(0)) await store.close().catch(() => {});
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

let ticketSeq = 0;

export async function putTicket(store: Store, patch: Partial<TicketRecord> = {}): Promise<TicketRecord> {
  ticketSeq++;
  const issuedAt = patch.issuedAt ?? beijing('2025-01-24', 9);
  const ticket: TicketRecord = {
    kind: 'ticket',
    id: `T${String(ticketSeq).padStart(4, '0')}`,
    day: '2025-01-24',
    serviceId: 'assistance',
    number: `B${String(ticketSeq).padStart(3, '0')}`,
    ordinal: ticketSeq,
    priority: false,
    status: 'called',
    issuedAt,
    calledAt: issuedAt + 600_000,
    counterId: 'w2',
    holder: applicant,
    ...patch,
  };
  await store.commit([ticket]);
  return ticket;
}
