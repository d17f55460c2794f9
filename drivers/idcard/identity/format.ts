/** Human-readable and JSON views of an identity; masked unless the caller explicitly reveals it. */
import { maskIdNumber, maskName } from './mask.ts';
import type { Identity } from './types.ts';

const HIDDEN = '(hidden; --reveal to show)';

export interface IdentityView {
  [field: string]: string | number | boolean | string[] | undefined;
}

/** Every field as text-safe values; photo as its size; personal fields masked unless `reveal`. */
export function identityView(identity: Identity, reveal: boolean): IdentityView {
  const { photo, ...rest } = identity;
  const view: IdentityView = { ...rest, photo: `${photo.format}, ${photo.bytes.length} bytes (not decoded)` };
  if (!reveal) {
    view.name = maskName(identity.name);
    if (identity.nameEn !== undefined) view.nameEn = maskName(identity.nameEn);
    view.number = maskIdNumber(identity.number);
    view.birthDate = `${identity.birthDate.slice(0, 4)}-**-**`;
    if (identity.address !== undefined) view.address = HIDDEN;
    if (identity.passNumber !== undefined) view.passNumber = maskIdNumber(identity.passNumber);
    if (identity.previousNumberLink !== undefined) view.previousNumberLink = HIDDEN;
  }
  return view;
}

export function formatIdentity(identity: Identity, reveal: boolean): string {
  const view = identityView(identity, reveal);
  const width = Math.max(...Object.keys(view).map((k) => k.length));
  return Object.entries(view)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k.padEnd(width)}  ${Array.isArray(v) ? v.join('; ') : String(v)}`)
    .join('\n');
}
