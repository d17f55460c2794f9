import { EC_SIGNING_ALGORITHM } from '../../platform/pki/ec-keys.ts';
import { x509 } from '../../platform/pki/x509.ts';

/** A PKCS#10 request naming the device serial; central replaces the subject with the kiosk ID. */
export async function createCsr(keys: CryptoKeyPair, serial: string): Promise<string> {
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [serial] }],
    keys,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
  });
  return csr.toString('pem');
}
