/** Names for centre, service, item and counter identifiers, loaded once from /api/directory. */
import {
  centralAdminPaths,
  type DirectoryKind,
  type DirectoryResponse,
  type DirectoryRow,
} from '../../../contract/central-admin-api.ts';
import { api } from './api.ts';
import { lang } from './i18n.ts';

const names = new Map<string, DirectoryRow>();

export async function loadDirectory(): Promise<void> {
  try {
    const { rows } = await api<DirectoryResponse>(centralAdminPaths.directory);
    for (const e of rows) names.set(`${e.kind}\u0000${e.kiosk_id}\u0000${e.id}`, e);
  } catch {
    // Without names the identifiers are shown.
  }
}

export function named(kind: DirectoryKind, id: string | null | undefined, kioskId = ''): string {
  if (!id) return '';
  const e = names.get(`${kind}\u0000${kioskId}\u0000${id}`);
  if (!e) return id;
  return lang.get() === 'en' && e.name_en ? e.name_en : e.name;
}

export function known(kind: DirectoryKind): Array<{ id: string; name: string }> {
  return [...names.values()]
    .filter((e) => e.kind === kind && e.kiosk_id === '')
    .map((e) => ({ id: e.id, name: lang.get() === 'en' && e.name_en ? e.name_en : e.name }));
}
