/**
 * Turns the broker's refusal of the kiosk's certificate into a line that names the problem. The
 * broker refuses an expired or not-yet-valid certificate in the TLS handshake, before any MQTT
 * CONNACK can be sent: the kiosk sees only a TLS alert (certificate_expired for an expired one,
 * bad_certificate for one not valid yet), so it reads its own certificate's dates to say which.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { identityPaths } from './kiosk-identity.ts';

const TLS_REFUSAL = /^ERR_SSL_(SSLV3|TLSV1)_ALERT_/;

/** What is wrong with the certificate's validity period at `now`, or null if it is within it. */
export function certificateValidityProblem(certPem: string, now: number): string | null {
  const cert = new X509Certificate(certPem);
  const notBefore = Date.parse(cert.validFrom);
  const notAfter = Date.parse(cert.validTo);
  const clock = new Date(now).toISOString();
  if (now > notAfter) {
    return `this kiosk's certificate expired at ${new Date(notAfter).toISOString()} (kiosk clock ${clock}); renew it or enrol again`;
  }
  if (now < notBefore) {
    return `this kiosk's certificate is not valid until ${new Date(notBefore).toISOString()}, and the kiosk clock reads ${clock}; check the clock`;
  }
  return null;
}

/** The message to show and log for a failed connection with the kiosk's own certificate. */
export function explainConnectError(err: Error, certPem: string, now = Date.now()): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !TLS_REFUSAL.test(code)) return err.message;
  const problem = certificateValidityProblem(certPem, now);
  if (problem) return `the broker refused the certificate: ${problem}`;
  if (code.endsWith('CERTIFICATE_EXPIRED')) {
    return `the broker says this kiosk's certificate has expired, though it is valid by the kiosk clock (${new Date(now).toISOString()}): one of the two clocks is wrong`;
  }
  return `the broker refused the TLS connection (${code})`;
}

/** explainConnectError bound to the enrolled kiosk's own certificate under `dataDir`. */
export function connectErrorExplainer(dataDir: string): (err: Error) => string {
  const certPem = readFileSync(identityPaths(dataDir).cert, 'utf8');
  return (err) => explainConnectError(err, certPem);
}
