/**
 * Central's key material, as files under `<data>/pki/`:
 *   device-ca.{pem,key}       issues kiosk certificates (listener 8883) and the broker's own
 *   bootstrap-ca.{pem,key}    issues batch bootstrap certificates only (listener 8884)
 *   service-ca.{pem,key}      issues central service certificates only (listener 8885)
 *   broker/                   what the broker needs: the three CA certificates, its own cert and key
 *   bootstrap/<batch>/        what the factory puts in a kiosk image: bootstrap cert and key,
 *                             the device CA (to check the broker) and the trusted config keys
 *   services/svc-*.{pem,key}  client certificates of central services
 *   config-signing/           the ed25519 key that signs configuration bundles, and trusted-keys.json
 * Keeping the CAs apart matters: mosquitto accepts every certificate its cafile can verify, and
 * each listener has its own client-ID rule (see fleet/broker-tls/mosquitto-tls.conf).
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BOOTSTRAP_IDENTITY } from '../../contract/provisioning.ts';
import { generateSigningKey, type SigningKey, type TrustedKey } from '../../platform/bundle-signature.ts';
import { readJsonFile, writeFileIn } from './files.ts';
import { type CertAndKey, createCa, issueWithNewKey } from './pki.ts';

export const BOOTSTRAP_CN = BOOTSTRAP_IDENTITY;
export const SERVICE_NAMES = ['svc-enroll', 'svc-config', 'svc-ingest', 'svc-console', 'svc-share'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export class PkiError extends Error {
  constructor(
    readonly code: 'pki.exists' | 'pki.missing',
    message: string,
  ) {
    super(message);
    this.name = 'PkiError';
  }
}

export function pkiPaths(dataDir: string) {
  const pki = join(dataDir, 'pki');
  return {
    pki,
    deviceCa: { certPem: join(pki, 'device-ca.pem'), keyPem: join(pki, 'device-ca.key') },
    bootstrapCa: { certPem: join(pki, 'bootstrap-ca.pem'), keyPem: join(pki, 'bootstrap-ca.key') },
    serviceCa: { certPem: join(pki, 'service-ca.pem'), keyPem: join(pki, 'service-ca.key') },
    brokerDir: join(pki, 'broker'),
    bootstrapDir: (batch: string) => join(pki, 'bootstrap', batch),
    service: (name: ServiceName) => ({
      certPem: join(pki, 'services', `${name}.pem`),
      keyPem: join(pki, 'services', `${name}.key`),
    }),
    signingKey: join(pki, 'config-signing', 'signing-key.json'),
    trustedKeys: join(pki, 'config-signing', 'trusted-keys.json'),
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function writePair(paths: { certPem: string; keyPem: string }, pair: CertAndKey): Promise<void> {
  await writeFileIn(paths.keyPem, pair.keyPem);
  await writeFileIn(paths.certPem, pair.certPem);
}

export async function loadPair(paths: { certPem: string; keyPem: string }): Promise<CertAndKey> {
  try {
    return { certPem: await readFile(paths.certPem, 'utf8'), keyPem: await readFile(paths.keyPem, 'utf8') };
  } catch (err) {
    throw new PkiError(
      'pki.missing',
      `${paths.certPem}: ${(err as Error).message} (run shequ fleet ca init)`,
    );
  }
}

function plusYears(from: Date, years: number): Date {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

export interface InitPkiOptions {
  /** First manufacturing batch to issue a bootstrap certificate for. */
  batch: string;
  /** Host names and IP addresses the broker is reached at (its certificate's SANs). */
  brokerHosts: string[];
  now?: Date;
}

export interface InitPkiResult {
  written: string[];
  signingKeyId: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export async function initCentralPki(dataDir: string, opts: InitPkiOptions): Promise<InitPkiResult> {
  const paths = pkiPaths(dataDir);
  if (await exists(paths.deviceCa.keyPem)) {
    throw new PkiError('pki.exists', `${paths.pki} already holds a CA; refusing to replace it`);
  }
  const now = opts.now ?? new Date();
  const notBefore = new Date(now.getTime() - 5 * 60_000); // tolerate small clock skew
  const deviceCa = await createCa('Shequ Device CA', notBefore, 20);
  const bootstrapCa = await createCa('Shequ Bootstrap CA', notBefore, 20);
  const serviceCa = await createCa('Shequ Service CA', notBefore, 20);
  await writePair(paths.deviceCa, deviceCa);
  await writePair(paths.bootstrapCa, bootstrapCa);
  await writePair(paths.serviceCa, serviceCa);

  const broker = await issueWithNewKey(deviceCa, {
    cn: opts.brokerHosts[0] ?? 'localhost',
    usage: 'server',
    notBefore,
    notAfter: plusYears(now, 5),
    ipSans: opts.brokerHosts.filter((h) => IPV4.test(h)),
    dnsSans: opts.brokerHosts.filter((h) => !IPV4.test(h)),
  });
  await writePair(
    { certPem: join(paths.brokerDir, 'broker.pem'), keyPem: join(paths.brokerDir, 'broker.key') },
    broker,
  );
  await writeFileIn(join(paths.brokerDir, 'device-ca.pem'), deviceCa.certPem);
  await writeFileIn(join(paths.brokerDir, 'bootstrap-ca.pem'), bootstrapCa.certPem);
  await writeFileIn(join(paths.brokerDir, 'service-ca.pem'), serviceCa.certPem);

  for (const name of SERVICE_NAMES) {
    const pair = await issueWithNewKey(serviceCa, {
      cn: name,
      usage: 'client',
      notBefore,
      notAfter: plusYears(now, 2),
    });
    await writePair(paths.service(name), pair);
  }

  const { signing, trusted } = generateSigningKey();
  await writeFileIn(paths.signingKey, `${JSON.stringify(signing, null, 2)}\n`);
  await writeFileIn(paths.trustedKeys, `${JSON.stringify([trusted], null, 2)}\n`);

  await issueBootstrapBatch(dataDir, opts.batch, now);
  return { written: [paths.pki], signingKeyId: signing.keyId };
}

/** A bootstrap certificate for one manufacturing batch (CN prov-bootstrap, OU = batch), as a factory bundle. */
export async function issueBootstrapBatch(dataDir: string, batch: string, now = new Date()): Promise<string> {
  const paths = pkiPaths(dataDir);
  const bootstrapCa = await loadPair(paths.bootstrapCa);
  const deviceCa = await loadPair(paths.deviceCa);
  const pair = await issueWithNewKey(bootstrapCa, {
    cn: BOOTSTRAP_CN,
    ou: batch,
    usage: 'client',
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: plusYears(now, 3),
  });
  const dir = paths.bootstrapDir(batch);
  await writePair({ certPem: join(dir, 'bootstrap.pem'), keyPem: join(dir, 'bootstrap.key') }, pair);
  await writeFileIn(join(dir, 'device-ca.pem'), deviceCa.certPem);
  const trusted = (await readJsonFile<TrustedKey[]>(paths.trustedKeys)) ?? [];
  await writeFileIn(join(dir, 'config-keys.json'), `${JSON.stringify(trusted, null, 2)}\n`);
  return dir;
}

export async function loadSigningKey(dataDir: string): Promise<SigningKey> {
  const key = await readJsonFile<SigningKey>(pkiPaths(dataDir).signingKey);
  if (!key) throw new PkiError('pki.missing', 'no configuration signing key (run shequ fleet ca init)');
  return key;
}

/** TLS options for a central service: its own certificate, and the device CA to check the broker with. */
export async function serviceTls(
  dataDir: string,
  name: ServiceName,
): Promise<{ ca: string; cert: string; key: string }> {
  const paths = pkiPaths(dataDir);
  const pair = await loadPair(paths.service(name));
  const ca = await readFile(paths.deviceCa.certPem, 'utf8').catch((err: Error) => {
    throw new PkiError('pki.missing', `${paths.deviceCa.certPem}: ${err.message} (run shequ fleet ca init)`);
  });
  return { ca, cert: pair.certPem, key: pair.keyPem };
}
