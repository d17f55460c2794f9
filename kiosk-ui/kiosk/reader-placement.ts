/**
 * Where the ID card reader sits on this kiosk's body, so the screen can point at it. The kiosk
 * page takes it from its address (`/kiosk/?reader=below-left`); PublicState does not carry it
 * yet (a proposed addition to the appliance's configuration).
 */
export type ReaderPlacement = 'below-left' | 'below-centre' | 'below-right';

export const DEFAULT_READER_PLACEMENT: ReaderPlacement = 'below-right';

export function readerPlacement(search: string): ReaderPlacement {
  const asked = new URLSearchParams(search).get('reader');
  return asked === 'below-left' || asked === 'below-centre' || asked === 'below-right'
    ? asked
    : DEFAULT_READER_PLACEMENT;
}
