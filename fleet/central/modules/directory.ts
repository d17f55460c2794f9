/**
 * Names for what the transactions carry only as identifiers: centres, services, items, counters.
 * Kiosks do not send names; until the service catalogue is central's own dataset (data-sharing
 * issue), names are loaded from configuration (`startCentral({ directory })`, `shequ central
 * directory import`).
 */
import {
  centralAdminPaths,
  type DirectoryKind,
  type DirectoryResponse,
  type DirectoryRow,
} from '../../../contract/central-admin-api.ts';
import type { SqlRunner } from '../../db/central-db.ts';
import type { ConsoleModule } from '../module.ts';

export interface DirectoryEntry {
  kind: DirectoryKind;
  /** Counters are per centre; everything else is district-wide (''). */
  kioskId?: string;
  id: string;
  name: string;
  nameEn?: string;
}

export async function loadDirectory(db: SqlRunner, entries: readonly DirectoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO directory (kind, kiosk_id, id, name, name_en)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (kind, kiosk_id, id) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en`,
    [
      entries.map((e) => e.kind),
      entries.map((e) => e.kioskId ?? ''),
      entries.map((e) => e.id),
      entries.map((e) => e.name),
      entries.map((e) => e.nameEn ?? null),
    ],
  );
}

export const directoryModule: ConsoleModule = {
  id: 'directory',
  routes: () => [
    {
      method: 'GET',
      url: centralAdminPaths.directory,
      permission: 'overview.view',
      async handler(req) {
        const body: DirectoryResponse = {
          rows: await req.db.query<DirectoryRow>(
            'SELECT kind, kiosk_id, id, name, name_en FROM directory ORDER BY kind, id',
          ),
        };
        return { body };
      },
    },
  ],
};
