/** The signed configuration bundle as it travels on `v1/kiosks/{id}/config/desired` (retained, QoS 1). */
import { type Static, Type } from '@sinclair/typebox';

export const BundleSignature = Type.Object(
  {
    keyId: Type.String({ minLength: 1, maxLength: 64 }),
    alg: Type.Literal('ed25519'),
    /** Base64 of the ed25519 signature over canonicalJson(bundle without `sig`). */
    value: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type BundleSignature = Static<typeof BundleSignature>;

export const UnsignedBundle = Type.Object(
  {
    /** Bound to one kiosk (its ID) or to every kiosk of a site; exactly one of the two. */
    kiosk: Type.Optional(Type.String({ minLength: 1 })),
    site: Type.Optional(Type.String({ minLength: 1 })),
    /** Monotonic per target; a kiosk applies only versions above the highest it has applied or refused. */
    version: Type.Integer({ minimum: 1 }),
    issuedAt: Type.Integer({ description: 'milliseconds since the epoch' }),
    expiresAt: Type.Integer({ description: 'milliseconds since the epoch' }),
    config: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type UnsignedBundle = Static<typeof UnsignedBundle>;

export const ConfigBundle = Type.Composite([UnsignedBundle, Type.Object({ sig: BundleSignature })], {
  additionalProperties: false,
});
export type ConfigBundle = Static<typeof ConfigBundle>;
