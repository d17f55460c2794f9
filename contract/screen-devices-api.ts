/**
 * The HTTP API's document camera (reading an ID card or passport photo) and screen pairing (which
 * browser is the kiosk, the board or a counter's rating screen). Re-exported by contract/api.ts.
 */
import { type Static, Type } from '@sinclair/typebox';

/** `POST /api/documents/ocr?kind=id|mrz`, body: one camera frame (image/jpeg, image/png or image/webp). */
export const DocumentKind = Type.Union([Type.Literal('id'), Type.Literal('mrz')]);
export type DocumentKind = Static<typeof DocumentKind>;

export const DocumentQuery = Type.Object(
  { kind: Type.Optional(DocumentKind) },
  { additionalProperties: false },
);
export type DocumentQuery = Static<typeof DocumentQuery>;

/** What OCR made of a frame, masked. A reading whose check digits fail is never used. */
export const DocumentReadView = Type.Object({
  kind: Type.Union([Type.Literal('id-card'), Type.Literal('mrz'), Type.Literal('not-found')]),
  valid: Type.Boolean(),
  maskedNumber: Type.Optional(Type.String()),
  maskedName: Type.Optional(Type.String()),
  /** A valid ID card or MRZ: the holder now stands at the kiosk as with a card on the reader (`card.source` 'camera'). */
  identified: Type.Boolean(),
  /** Why nothing usable was read, as a code: 'not-found', 'check-digit', 'birth-date', … */
  problems: Type.Array(Type.String()),
});
export type DocumentReadView = Static<typeof DocumentReadView>;

/**
 * The screens the appliance serves are paired with it once (`shequ pair kiosk`, or an admin in the
 * panel): a one-time code exchanged for a long-lived HttpOnly device cookie. A kiosk acts for the
 * resident at its reader or camera; a counter's rating screen takes ratings for its counter; a
 * board only reads. An unpaired client may read the public state, nothing more.
 */
export const DeviceRole = Type.Union([
  Type.Literal('kiosk'),
  Type.Literal('board'),
  Type.Literal('counter-rating'),
]);
export type DeviceRole = Static<typeof DeviceRole>;

/** A pairing code as printed by `shequ pair` (e.g. `K7QM-2D9P`), dash and case optional. */
export const PairingRequest = Type.Object(
  { code: Type.String({ minLength: 4, maxLength: 32 }) },
  { additionalProperties: false },
);
export type PairingRequest = Static<typeof PairingRequest>;

/** A paired screen as `GET /api/device` tells it about itself, and as admins list them. */
export const PairedDeviceView = Type.Object({
  id: Type.String(),
  role: DeviceRole,
  /** For a counter's rating screen: the counter it stands at. */
  counterId: Type.Optional(Type.String()),
  label: Type.String(),
  pairedAt: Type.Integer(),
  /** The page this screen shows (kiosk → /kiosk/, board → /board/, counter-rating → /rating/). */
  home: Type.String(),
});
export type PairedDeviceView = Static<typeof PairedDeviceView>;

export const PairedDeviceList = Type.Object({ devices: Type.Array(PairedDeviceView) });
export type PairedDeviceList = Static<typeof PairedDeviceList>;

/** Admin: a new one-time pairing code for a screen (a counter's rating screen names its counter). */
export const CreatePairingRequest = Type.Object(
  {
    role: DeviceRole,
    counterId: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,32}$' })),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type CreatePairingRequest = Static<typeof CreatePairingRequest>;

export const PairingCodeView = Type.Object({
  code: Type.String(),
  role: DeviceRole,
  counterId: Type.Optional(Type.String()),
  expiresAt: Type.Integer(),
  /** Path (on this appliance) the screen's browser opens to pair: `/pair?code=…`. */
  pairPath: Type.String(),
});
export type PairingCodeView = Static<typeof PairingCodeView>;

export function deviceHome(role: DeviceRole): string {
  return role === 'kiosk' ? '/kiosk/' : role === 'board' ? '/board/' : '/rating/';
}

export const DEVICE_COOKIE = 'shequ_device';

/** `GET` for a counter's rating screen: whom its counter is serving or has just served. */
export const RATING_SCREEN_PATH = '/api/rating-screen';

/**
 * What a counter's rating screen shows: the counter, the clerk serving there (name and 工号, as on
 * the counter's name plate), and the visit that may be rated. `ratable` turns true when the clerk
 * finishes the ticket (only after service) and false once it was rated (一次一评) or the window passed.
 */
export const RatingScreenView = Type.Object({
  counter: Type.Object({ id: Type.String(), number: Type.Integer(), name: Type.String() }),
  clerk: Type.Optional(Type.Object({ name: Type.String(), staffNumber: Type.Optional(Type.String()) })),
  ticket: Type.Optional(
    Type.Object({
      number: Type.String(),
      status: Type.Union([Type.Literal('called'), Type.Literal('done')]),
      rated: Type.Boolean(),
      ratable: Type.Boolean(),
    }),
  ),
});
export type RatingScreenView = Static<typeof RatingScreenView>;
