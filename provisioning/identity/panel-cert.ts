/**
 * The staff panel's HTTPS certificate on the kiosk (contract/panel-cert.ts), kept with its own key
 * in one 0600 file, `<data>/identity/panel-cert.json`, written durably in one rename so a new
 * certificate never sits beside an old key. Every certificate is checked before it is kept or
 * served: for this kiosk, issued by the pinned device CA, for this key, for serverAuth, in date.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PanelCertAsk } from '../../contract/panel-cert.ts';
import { writeFileDurably } from '../../platform/durable-file.ts';
import { generateEcKeyPair, keyPairFromPem, privateKeyToPem } from '../../platform/pki/ec-keys.ts';
import { x509 } from '../../platform/pki/x509.ts';
import { createCsr } from './csr.ts';
import { identityPaths } from './kiosk-identity.ts';

export interface StoredPanelCert {
  certPem: string;
  keyPem: string;
  names: string[];
  notBefore: number;
  notAfter: number;
}

export function panelCertPath(dataDir: string): string {
  return join(identityPaths(dataDir).dir, 'panel-cert.json');
}

/** A fresh key for the panel and the request for it; the key is kept only once its certificate came. */
export async function makePanelAsk(
  kioskId: string,
  names: string[],
): Promise<{ ask: PanelCertAsk; keyPem: string }> {
  const keys = await generateEcKeyPair();
  return {
    ask: { csr: await createCsr(keys, kioskId), names },
    keyPem: await privateKeyToPem(keys.privateKey),
  };
}

/** Why this certificate cannot serve the panel, or null when it can. */
export async function panelCertProblem(
  certPem: string,
  keyPem: string,
  caPem: string,
  kioskId: string,
  now = Date.now(),
): Promise<string | null> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(certPem);
  } catch (err) {
    return `not a certificate (${(err as Error).message})`;
  }
  const ca = new x509.X509Certificate(caPem);
  if (!(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }).catch(() => false))) {
    return `not issued by the district CA (${cert.issuer})`;
  }
  if (cert.subjectName.getField('CN')[0] !== kioskId) return `not for this kiosk (${cert.subject})`;
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  if (!eku?.usages.includes(x509.ExtendedKeyUsage.serverAuth)) return 'not a server certificate';
  const keys = await keyPairFromPem(keyPem).catch(() => null);
  const ours = keys ? Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey)) : null;
  if (!ours?.equals(Buffer.from(cert.publicKey.rawData))) return 'not for the panel key';
  if (cert.notAfter.getTime() <= now) return `expired on ${cert.notAfter.toISOString()}`;
  if (cert.notBefore.getTime() > now + 5 * 60_000) return `not valid before ${cert.notBefore.toISOString()}`;
  return null;
}

export function describePanelCert(certPem: string, keyPem: string, names: string[]): StoredPanelCert {
  const cert = new x509.X509Certificate(certPem);
  return { certPem, keyPem, names, notBefore: cert.notBefore.getTime(), notAfter: cert.notAfter.getTime() };
}

export async function savePanelCert(dataDir: string, stored: StoredPanelCert): Promise<void> {
  await writeFileDurably(panelCertPath(dataDir), `${JSON.stringify(stored, null, 2)}\n`);
}

/** The kept certificate, or why there is none usable (missing, unreadable). */
export async function readPanelCert(dataDir: string): Promise<StoredPanelCert | { missing: string }> {
  let text: string;
  try {
    text = await readFile(panelCertPath(dataDir), 'utf8');
  } catch {
    return { missing: 'no panel certificate from the district CA yet' };
  }
  try {
    const stored = JSON.parse(text) as StoredPanelCert;
    if (typeof stored.certPem !== 'string' || typeof stored.keyPem !== 'string')
      throw new Error('fields missing');
    return { ...stored, names: Array.isArray(stored.names) ? stored.names : [] };
  } catch (err) {
    return { missing: `the panel certificate file is unreadable (${(err as Error).message})` };
  }
}
