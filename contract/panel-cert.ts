/**
 * The staff panel's HTTPS certificate, issued by the district's device CA (the CA the kiosk
 * enrols with), so a browser or terminal that trusts the district CA reaches the panel without a
 * warning and knows it is this kiosk. The first one comes with enrolment (ProvRequest.panel); the
 * kiosk renews it on its own topics before it expires (`v1/kiosks/{id}/panel-cert/req`, answered on
 * `…/panel-cert/res`, which only it can read), and central can ask for a renewal with the
 * `renew-panel-cert` command. The panel key is its own (not the kiosk's MQTT key) and the
 * certificate is for serverAuth only: it cannot log in to the broker, and its names are refused
 * when they are the broker's or not a LAN host name or private address.
 */
import { type Static, Type } from '@sinclair/typebox';

/** Host names and addresses the panel is reached at on the hall's LAN (the certificate's SANs). */
export const PanelNames = Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
  minItems: 1,
  maxItems: 8,
});

export const PanelCertAsk = Type.Object(
  {
    /** PKCS#10 PEM of a key made for the panel alone (ECDSA P-256). */
    csr: Type.String({ minLength: 100, maxLength: 8192 }),
    names: PanelNames,
  },
  { additionalProperties: false },
);
export type PanelCertAsk = Static<typeof PanelCertAsk>;

export const PanelCertRequest = Type.Object(
  {
    requestId: Type.String({ minLength: 8, maxLength: 64 }),
    ...PanelCertAsk.properties,
  },
  { additionalProperties: false },
);
export type PanelCertRequest = Static<typeof PanelCertRequest>;

export const PanelCertResponse = Type.Union([
  Type.Object({
    requestId: Type.String(),
    status: Type.Literal('issued'),
    certificate: Type.String(),
    notAfter: Type.Integer(),
  }),
  Type.Object({
    requestId: Type.String(),
    status: Type.Literal('refused'),
    detail: Type.String(),
  }),
]);
export type PanelCertResponse = Static<typeof PanelCertResponse>;

export const panelCertTopics = {
  request: (kioskId: string) => `v1/kiosks/${kioskId}/panel-cert/req`,
  response: (kioskId: string) => `v1/kiosks/${kioskId}/panel-cert/res`,
  /** What the enrolment service subscribes to. */
  allRequests: 'v1/kiosks/+/panel-cert/req',
} as const;

/** The kiosk of a panel-cert request topic, or null. */
export function panelRequestKiosk(topic: string): string | null {
  const levels = topic.split('/');
  if (levels.length !== 5 || levels[0] !== 'v1' || levels[1] !== 'kiosks') return null;
  if (levels[3] !== 'panel-cert' || levels[4] !== 'req') return null;
  return levels[2] || null;
}
