/**
 * The certificate authority operations central needs: create a CA, issue client and server
 * certificates, and sign a kiosk's CSR with CN = kiosk ID. All keys are ECDSA P-256.
 */
import { randomBytes } from 'node:crypto';
import {
  EC_SIGNING_ALGORITHM,
  generateEcKeyPair,
  keyPairFromPem,
  privateKeyToPem,
} from '../../platform/pki/ec-keys.ts';
import { x509 } from '../../platform/pki/x509.ts';

export interface CertAndKey {
  certPem: string;
  keyPem: string;
}

export type CertUsage = 'client' | 'server';

export interface IssueOptions {
  cn: string;
  /** Organisational unit, e.g. the manufacturing batch of a bootstrap certificate. */
  ou?: string;
  usage: CertUsage;
  notBefore: Date;
  notAfter: Date;
  ipSans?: string[];
  dnsSans?: string[];
}

export class CsrRejectedError extends Error {
  readonly code = 'enroll.csr-rejected';
  constructor(reason: string) {
    super(`certificate request rejected: ${reason}`);
    this.name = 'CsrRejectedError';
  }
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  return bytes.toString('hex');
}

function subjectName(cn: string, ou?: string): x509.JsonName {
  return ou ? [{ CN: [cn] }, { OU: [ou] }] : [{ CN: [cn] }];
}

export async function createCa(cn: string, notBefore: Date, years = 10): Promise<CertAndKey> {
  const keys = await generateEcKeyPair();
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: subjectName(cn),
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey) };
}

export async function issueCertificate(
  ca: CertAndKey,
  publicKey: x509.PublicKeyType,
  opts: IssueOptions,
): Promise<string> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKeys = await keyPairFromPem(ca.keyPem);
  const sans: x509.JsonGeneralName[] = [
    ...(opts.ipSans ?? []).map((value) => ({ type: 'ip' as const, value })),
    ...(opts.dnsSans ?? []).map((value) => ({ type: 'dns' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: subjectName(opts.cn, opts.ou),
    issuer: caCert.subjectName,
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([
        opts.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
      ]),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
      ...(sans.length > 0 ? [new x509.SubjectAlternativeNameExtension(sans)] : []),
    ],
  });
  return cert.toString('pem');
}

/** Issues a certificate for a key generated here (broker, services, bootstrap batches). */
export async function issueWithNewKey(ca: CertAndKey, opts: IssueOptions): Promise<CertAndKey> {
  const keys = await generateEcKeyPair();
  const certPem = await issueCertificate(ca, keys.publicKey, opts);
  return { certPem, keyPem: await privateKeyToPem(keys.privateKey) };
}

/**
 * Checks the CSR's own signature (proof the requester holds the key), then issues with CN = kiosk
 * ID and OU = its site (the broker lets only a site's kiosks read that site's datasets by it): a
 * client certificate for the broker, or (with `usage: 'server'`, OU and names) the staff panel's.
 */
export async function signCsr(
  ca: CertAndKey,
  csrPem: string,
  opts: { kioskId: string; siteId?: string; notBefore: Date; notAfter: Date } & Partial<
    Pick<IssueOptions, 'usage' | 'ou' | 'ipSans' | 'dnsSans'>
  >,
): Promise<string> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (err) {
    throw new CsrRejectedError(`not a PKCS#10 request (${(err as Error).message})`);
  }
  const algorithm = csr.publicKey.algorithm as EcKeyAlgorithm;
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256') {
    throw new CsrRejectedError(`key must be ECDSA P-256, got ${algorithm.name}`);
  }
  if (!(await csr.verify())) throw new CsrRejectedError('signature does not match its public key');
  return issueCertificate(ca, csr.publicKey, {
    cn: opts.kioskId,
    ...(opts.siteId ? { ou: opts.siteId } : {}),
    usage: opts.usage ?? 'client',
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    ...(opts.ou ? { ou: opts.ou } : {}),
    ...(opts.ipSans ? { ipSans: opts.ipSans } : {}),
    ...(opts.dnsSans ? { dnsSans: opts.dnsSans } : {}),
  });
}

export function certificateCn(certPem: string): string | undefined {
  const cert = new x509.X509Certificate(certPem);
  return cert.subjectName.getField('CN')[0];
}
