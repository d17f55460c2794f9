/** The person at the kiosk as the store keeps them: a keyed hash, the sealed details, the masked form. */
import { type Identity, maskIdNumber, maskName } from '../../drivers/idcard/index.ts';
import type { DeviceVault } from '../privacy/vault.ts';
import type { PersonRef } from '../store/person-ref.ts';

export type PersonDetails = Pick<Identity, 'name' | 'number'> & Partial<Pick<Identity, 'nameEn' | 'address'>>;

export function personRef(vault: DeviceVault, person: PersonDetails): PersonRef {
  const name = person.name || person.nameEn || '';
  return {
    ref: vault.lookupRef(person.number),
    sealed: vault.seal({ name, number: person.number, address: person.address }),
    maskedName: maskName(name),
    maskedNumber: maskIdNumber(person.number),
  };
}
