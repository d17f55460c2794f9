/**
 * Client IDs of central services. The broker binds every client ID to the identity that
 * authenticated it (fleet/broker/plugin/shequ_identity.c): the identity itself, or the identity, a
 * dot and a suffix. So a service connects as `{identity}.{suffix}` (svc-ingest.w-1234-ab12cd) and
 * several connections of one identity (ingest workers sharing a certificate) stand side by side,
 * while none of them can take over a kiosk's session: kiosk IDs never contain a dot.
 */
import { X509Certificate } from 'node:crypto';

/** The CN of a PEM certificate (the broker identity of whoever presents it), if it has one. */
export function certificateCn(certPem: string): string | undefined {
  const line = new X509Certificate(certPem).subject.split('\n').find((l) => l.startsWith('CN='));
  return line?.slice('CN='.length);
}

/** Keeps a suffix inside what the broker accepts after the dot ([A-Za-z0-9_-]). */
function cleanSuffix(suffix: string): string {
  return suffix.replace(/[^A-Za-z0-9_-]/g, '-') || 'x';
}

/**
 * The client ID for one connection of a central service: bound to the certificate CN on a
 * mutual-TLS listener, to the username on a password listener; `{role}-{suffix}` on a broker
 * without authentication. A password login given apart from the URL is passed as `username`.
 */
export function serviceClientId(
  brokerUrl: string,
  tls: { cert: string } | undefined,
  role: string,
  suffix: string,
  username?: string,
): string {
  let identity = tls ? certificateCn(tls.cert) : username;
  if (!identity) {
    try {
      identity = decodeURIComponent(new URL(brokerUrl).username) || undefined;
    } catch {
      identity = undefined;
    }
  }
  return identity ? `${identity}.${cleanSuffix(suffix)}` : `${role}-${cleanSuffix(suffix)}`;
}
