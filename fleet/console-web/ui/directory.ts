/** Names for centre, service, item and counter identifiers, loaded once from /api/directory. */
import { api } from './api.ts';
import { lang } from './i18n.ts';

interface Entry {
  kind: string;
  kiosk_id: string;
  id: string;
  name: string;
  name_en: string | null;
}

const names = new Map<string, Entry>();

export async function loadDirectory(): Promise<void> {
  try {
    const { rows } = await api<{ rows: Entry[] }>('/api/directory');
    for (const e of rows) names.set(`${e.kind}\u0000${e.kiosk_id}\u0000${e.id}`, e);
  } catch {
    // Without names the identifiers are shown.
  }
}

export function named(
  kind: 'centre' | 'service' | 'item' | 'counter',
  id: string | null | undefined,
  kioskId = '',
): string {
  if (!id) return '';
  const e = names.get(`${kind}\u0000${kioskId}\u0000${id}`);
  if (!e) return id;
  return lang.get() === 'en' && e.name_en ? e.name_en : e.name;
}

export function known(kind: string): Array<{ id: string; name: string }> {
  return [...names.values()]
    .filter((e) => e.kind === kind && e.kiosk_id === '')
    .map((e) => ({ id: e.id, name: lang.get() === 'en' && e.name_en ? e.name_en : e.name }));
}
