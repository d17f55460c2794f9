/**
 * The kiosk's enrolled identity under `<data>/identity/`: its private key (0600, generated here,
 * never sent anywhere), its certificate (CN = kiosk ID), the pinned device CA, the trusted
 * configuration-signing keys, and identity.json. After enrolment the kiosk connects only with this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IClientOptions } from 'mqtt';
import type { TrustedKey } from '../../platform/bundle-signature.ts';

export interface KioskIdentity {
  kioskId: string;
  siteId: string;
  serial: string;
  brokerUrl: string;
  notAfter: number;
  enrolledAt: number;
}

export function identityPaths(dataDir: string) {
  const dir = join(dataDir, 'identity');
  return {
    dir,
    key: join(dir, 'device.key'),
    csr: join(dir, 'device.csr'),
    cert: join(dir, 'device.pem'),
    ca: join(dir, 'device-ca.pem'),
    configKeys: join(dir, 'config-keys.json'),
    identity: join(dir, 'identity.json'),
  };
}

/** The factory bundle for a batch (from `shequ fleet ca init`): bootstrap certificate and what to trust. */
export function bootstrapPaths(bootstrapDir: string) {
  return {
    cert: join(bootstrapDir, 'bootstrap.pem'),
    key: join(bootstrapDir, 'bootstrap.key'),
    ca: join(bootstrapDir, 'device-ca.pem'),
    configKeys: join(bootstrapDir, 'config-keys.json'),
  };
}

export class NotEnrolledError extends Error {
  readonly code = 'provision.not-enrolled';
  constructor(dataDir: string) {
    super(`this kiosk is not enrolled (no identity under ${dataDir}); run shequ provision --claim CODE`);
    this.name = 'NotEnrolledError';
  }
}

export function readKioskIdentity(dataDir: string): KioskIdentity {
  try {
    return JSON.parse(readFileSync(identityPaths(dataDir).identity, 'utf8')) as KioskIdentity;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotEnrolledError(dataDir);
    throw err;
  }
}

export function readTrustedConfigKeys(dataDir: string): TrustedKey[] {
  return JSON.parse(readFileSync(identityPaths(dataDir).configKeys, 'utf8')) as TrustedKey[];
}

/**
 * TLS options for mqtt.connect with the kiosk's own certificate: merge them into the fleet
 * agent's options and connect to `readKioskIdentity(dataDir).brokerUrl`. The client ID is the
 * kiosk ID (the broker forces it to the certificate CN anyway).
 */
export function kioskMqttOptions(dataDir: string): IClientOptions {
  const paths = identityPaths(dataDir);
  const identity = readKioskIdentity(dataDir);
  return {
    clientId: identity.kioskId,
    protocolVersion: 5,
    key: readFileSync(paths.key, 'utf8'),
    cert: readFileSync(paths.cert, 'utf8'),
    ca: readFileSync(paths.ca, 'utf8'),
    rejectUnauthorized: true,
  };
}
