/**
 * Revoking a kiosk's certificate: the revocation is recorded (`fleet_revocations`) and the device
 * CA's certificate revocation list is written again with every revoked certificate
 * (`<data>/pki/device-ca.crl`, PEM). The kiosk listener of the shipped TLS broker names it with
 * `crlfile` (fleet/broker-tls/mosquitto-tls.conf), so a revoked kiosk's next TLS handshake fails;
 * the broker reads the file when it (re)starts.
 */
import { join } from 'node:path';
import { EC_SIGNING_ALGORITHM, keyPairFromPem } from '../../platform/pki/ec-keys.ts';
import { x509 } from '../../platform/pki/x509.ts';
import type { SqlRunner } from '../db/central-db.ts';
import { loadPair, pkiPaths } from '../enroll/central-pki.ts';
import { ClaimStore } from '../enroll/claims.ts';
import { writeFileIn } from '../enroll/files.ts';

export const crlPath = (dataDir: string): string => join(pkiPaths(dataDir).pki, 'device-ca.crl');

/** The serial numbers (hex) of every certificate central issued to the kiosk. */
export async function certificateSerials(dataDir: string, kioskId: string): Promise<string[]> {
  const claims = await new ClaimStore(dataDir).list();
  return claims
    .filter((c) => c.used?.kioskId === kioskId)
    .map((c) => new x509.X509Certificate(c.used!.certificate).serialNumber);
}

export async function writeCrl(
  dataDir: string,
  serials: readonly string[],
  now = new Date(),
): Promise<string> {
  const ca = await loadPair(pkiPaths(dataDir).deviceCa);
  const caCert = new x509.X509Certificate(ca.certPem);
  const keys = await keyPairFromPem(ca.keyPem);
  const crl = await x509.X509CrlGenerator.create({
    issuer: caCert.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + 30 * 86_400_000),
    entries: serials.map((serialNumber) => ({ serialNumber, revocationDate: now })),
    signingKey: keys.privateKey,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
  });
  const pem = crl.toString('pem');
  await writeFileIn(crlPath(dataDir), pem);
  return pem;
}

/** Records the revocation in the route's transaction and rewrites the CRL with every revoked serial. */
export async function revokeKiosk(
  tx: SqlRunner,
  dataDir: string,
  kioskId: string,
  reason: string,
  by: string,
): Promise<{ serials: string[] }> {
  const serials = await certificateSerials(dataDir, kioskId);
  if (serials.length === 0)
    throw Object.assign(new Error(`no certificate was issued to ${kioskId}`), {
      status: 404,
      code: 'fleet.revoke.unknown',
    });
  await tx.query(
    `INSERT INTO fleet_revocations (kiosk_id, serial, reason, by_user, at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (kiosk_id) DO UPDATE SET serial = EXCLUDED.serial, reason = EXCLUDED.reason, by_user = EXCLUDED.by_user, at = EXCLUDED.at`,
    [kioskId, serials.join(','), reason, by, Date.now()],
  );
  const all = await tx.query<{ serial: string }>('SELECT serial FROM fleet_revocations');
  await writeCrl(
    dataDir,
    all.flatMap((r) => r.serial.split(',')),
  );
  return { serials };
}
