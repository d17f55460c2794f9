/**
 * The provisioning exchange and the configuration reported payload, shared by the kiosk
 * (provisioning/, firmware-config/) and central (fleet/enroll). The signed bundle on
 * `config/desired` is defined once with its signature rules in firmware-config/bundles.
 *
 * Every enrolment attempt connects with the batch bootstrap certificate under a client ID of its
 * own, `prov-bootstrap.{random}` (new random for every connection), which the broker binds to the
 * certificate identity. Its request and reply topics carry that client ID, and the broker's ACL
 * (`pattern … v1/prov/%u/%c/+/req|res`) lets a client publish only its own request and read only
 * its own reply: another attempt's topics cannot be guessed, written or read. The reply topic is
 * derived from the request topic by central, never taken from the request.
 */
import { type Static, Type } from '@sinclair/typebox';
import { ConfigBundle } from './config/bundle.ts';
import { PanelCertAsk } from './panel-cert.ts';

/** CN of every factory bootstrap certificate (the batch is in its OU); also the MQTT username. */
export const BOOTSTRAP_IDENTITY = 'prov-bootstrap';

/** The random part of an attempt's client ID: 128 bits or more, hex. */
export const ATTEMPT_PATTERN = '^[0-9a-f]{32,64}$';
const attemptCheck = new RegExp(ATTEMPT_PATTERN);

export const provTopics = {
  /** Client ID of one enrolment attempt (a new `attempt` for every connection). */
  clientId: (attempt: string) => `${BOOTSTRAP_IDENTITY}.${attempt}`,
  /** Kiosk → central, published with the bootstrap certificate under `clientId`. */
  request: (clientId: string, serial: string) => `v1/prov/${BOOTSTRAP_IDENTITY}/${clientId}/${serial}/req`,
  /** Central → kiosk; the kiosk subscribes before it publishes the request. */
  response: (clientId: string, serial: string) => `v1/prov/${BOOTSTRAP_IDENTITY}/${clientId}/${serial}/res`,
  /** What the enrolment service subscribes to: requests from bootstrap clients only. */
  allRequests: `v1/prov/${BOOTSTRAP_IDENTITY}/+/+/req`,
} as const;

/** The requester and serial of a request topic, or null when it is not one a bootstrap client can publish. */
export function parseRequestTopic(topic: string): { clientId: string; serial: string } | null {
  const levels = topic.split('/');
  if (levels.length !== 6 || levels[0] !== 'v1' || levels[1] !== 'prov' || levels[5] !== 'req') return null;
  const [, , identity, clientId = '', serial = ''] = levels;
  if (identity !== BOOTSTRAP_IDENTITY || !clientId.startsWith(`${BOOTSTRAP_IDENTITY}.`)) return null;
  if (!attemptCheck.test(clientId.slice(BOOTSTRAP_IDENTITY.length + 1))) return null;
  return { clientId, serial };
}

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
    /** The staff panel's HTTPS certificate, asked for with the enrolment (contract/panel-cert.ts). */
    panel: Type.Optional(PanelCertAsk),
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
    /** The staff panel's server certificate, when the request asked for one and its names passed. */
    panelCertificate: Type.Optional(Type.String()),
    /** Why the panel certificate was not issued (the enrolment itself still was). */
    panelRefused: Type.Optional(Type.String()),
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
