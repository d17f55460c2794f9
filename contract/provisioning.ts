/**
 * The provisioning exchange (`v1/prov/{serial}/req|res`) and the configuration reported payload,
 * shared by the kiosk (provisioning/, firmware-config/) and central (fleet/enroll). The signed
 * bundle on `config/desired` is defined once with its signature rules in firmware-config/bundles.
 */
import { type Static, Type } from '@sinclair/typebox';
import { ConfigBundle } from './config/bundle.ts';

export const provTopics = {
  /** Kiosk → central, published with the batch bootstrap certificate. */
  request: (serial: string) => `v1/prov/${serial}/req`,
  /** Central → kiosk; the kiosk subscribes before it publishes the request. */
  response: (serial: string) => `v1/prov/${serial}/res`,
  allRequests: 'v1/prov/+/req',
  /** Client ID a kiosk asks for when enrolling; the shipped broker replaces it with the certificate identity. */
  clientId: (serial: string) => `prov-${serial}`,
} as const;

/** Device serial numbers as printed on the rating plate: also a topic level, so no / + # or spaces. */
export const SERIAL_PATTERN = '^[A-Za-z0-9_-]{4,64}$';

export const ProvRequest = Type.Object(
  {
    serial: Type.String({ pattern: SERIAL_PATTERN }),
    /** PKCS#10 PEM; its key (ECDSA P-256) was generated on the kiosk and never leaves it. */
    csr: Type.String({ minLength: 100, maxLength: 8192 }),
    claimCode: Type.String({ minLength: 4, maxLength: 64 }),
    /** Echoed in the response so a kiosk can tell its answer from a stale retained one. */
    requestId: Type.String({ minLength: 8, maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type ProvRequest = Static<typeof ProvRequest>;

export const ProvRefusal = Type.Union([
  Type.Literal('malformed'),
  Type.Literal('unknown-claim'),
  Type.Literal('claim-used'),
  Type.Literal('claim-expired'),
  Type.Literal('rate-limited'),
  Type.Literal('csr-rejected'),
  Type.Literal('internal'),
]);
export type ProvRefusal = Static<typeof ProvRefusal>;

export const ProvResponse = Type.Union([
  Type.Object({
    requestId: Type.String(),
    status: Type.Literal('issued'),
    kioskId: Type.String(),
    siteId: Type.String(),
    /** PEM of the kiosk certificate (CN = kioskId), then the device CA. */
    certificate: Type.String(),
    caCertificate: Type.String(),
    /** Where the kiosk connects from now on, with its own certificate. */
    brokerUrl: Type.String(),
    notAfter: Type.Integer(),
  }),
  Type.Object({
    requestId: Type.String(),
    status: Type.Literal('pending-approval'),
    /** Ask again after this many milliseconds. */
    retryAfterMs: Type.Integer({ minimum: 0 }),
  }),
  Type.Object({
    requestId: Type.String(),
    status: Type.Literal('refused'),
    reason: ProvRefusal,
    detail: Type.String(),
    retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
]);
export type ProvResponse = Static<typeof ProvResponse>;

/** `v1/kiosks/{id}/config/desired` carries a signed ConfigBundle (firmware-config/bundles). */
export const ConfigDesired = ConfigBundle;
export type ConfigDesired = ConfigBundle;

/** `v1/kiosks/{id}/config/reported`, retained, QoS 1: the applier's report, as is, plus a timestamp. */
export const ConfigReported = Type.Object({
  appliedVersion: Type.Integer({ minimum: 0 }),
  status: Type.Union([Type.Literal('applied'), Type.Literal('rejected'), Type.Literal('rolled-back')]),
  /** The bundle version this report is about (absent when the bundle was unreadable). */
  bundleVersion: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
  detail: Type.Optional(Type.String()),
  ts: Type.Integer(),
});
export type ConfigReported = Static<typeof ConfigReported>;
