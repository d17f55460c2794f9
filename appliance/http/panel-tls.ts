/**
 * What the HTTPS staff panel serves at start. With `http.tls.cert/key` the installer's files; else
 * the certificate the district CA issued at enrolment (identity/panel-cert.json) when it is valid
 * for this kiosk. When there is none, or it expired, or it is not from the district CA, the panel
 * still speaks TLS with a temporary self-signed certificate (browsers warn), and health says why
 * until the fleet agent has a district one (fleet-agent/panel-cert-link.ts).
 */
import { readFileSync } from 'node:fs';
import type { DeviceHealth } from '../../contract/api.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { EC_SIGNING_ALGORITHM, generateEcKeyPair, privateKeyToPem } from '../../platform/pki/ec-keys.ts';
import { x509 } from '../../platform/pki/x509.ts';
import { identityPaths } from '../../provisioning/identity/kiosk-identity.ts';
import {
  panelCertProblem,
  readPanelCert,
  type StoredPanelCert,
} from '../../provisioning/identity/panel-cert.ts';
import { StartupError } from '../core/errors.ts';

export type PanelTlsConfig = NonNullable<ApplianceConfig['http']['tls']>;

export interface PanelTlsAtStart {
  tls: { cert: string; key: string };
  /** Where it came from: the installer's files, the district CA, or a temporary self-signed one. */
  source: 'files' | 'district' | 'self-signed';
  /** The district certificate served (for renewal), when it is one. */
  district: StoredPanelCert | null;
  /** The names the panel is reached at (for the fallback and for renewals). */
  names: string[];
  health: DeviceHealth;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const DEFAULT_NAMES = ['localhost', '127.0.0.1'];

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new StartupError(
      'http.tls-unreadable',
      `cannot read the staff panel's TLS ${what} ${path}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

function readCa(dataDir: string): string | null {
  try {
    return readFileSync(identityPaths(dataDir).ca, 'utf8');
  } catch {
    return null;
  }
}

/** A certificate made here for a day, so the panel stays on TLS while the district's is missing. */
export async function selfSignedPanelCert(
  kioskId: string,
  names: string[],
): Promise<{ cert: string; key: string }> {
  const keys = await generateEcKeyPair();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `01${Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString('hex')}`,
    name: [{ CN: [kioskId] }, { OU: ['panel (temporary, self-signed)'] }],
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
    keys,
    signingAlgorithm: EC_SIGNING_ALGORITHM,
    extensions: [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        names.map((value) => ({ type: IPV4.test(value) ? ('ip' as const) : ('dns' as const), value })),
      ),
    ],
  });
  return { cert: cert.toString('pem'), key: await privateKeyToPem(keys.privateKey) };
}

export function panelCertWarning(why: string, since = Date.now()): DeviceHealth {
  return {
    state: 'warning',
    detail: `panel served with a temporary self-signed certificate: ${why}; browsers will warn until the district CA issues one`,
    since,
  };
}

const isLoopbackName = (name: string) => name === 'localhost' || name.startsWith('127.') || name === '::1';

/**
 * A district certificate in date: ok when it names where clerks reach the panel on the LAN, a
 * warning when it names this machine alone (no `--panel-name` given), since every clerk's browser
 * would then see a name mismatch.
 */
export function panelCertOk(notAfter: number, names: readonly string[], since = Date.now()): DeviceHealth {
  const issued = `issued by the district CA, valid until ${new Date(notAfter).toISOString()}`;
  if (names.every(isLoopbackName)) {
    return {
      state: 'warning',
      detail: `${issued}, but the panel certificate names only localhost; give --panel-name (the name or address clerks use on the LAN)`,
      since,
    };
  }
  return { state: 'ok', detail: issued, since };
}

export async function panelTlsAtStart(
  dataDir: string,
  kioskId: string,
  tls: PanelTlsConfig,
): Promise<PanelTlsAtStart> {
  if (tls.cert !== undefined || tls.key !== undefined) {
    if (tls.cert === undefined || tls.key === undefined) {
      throw new StartupError('config.invalid', 'http.tls needs both cert and key, or neither (district CA)');
    }
    const cert = readPem(tls.cert, 'certificate');
    const notAfter = new x509.X509Certificate(cert).notAfter.getTime();
    return {
      tls: { cert, key: readPem(tls.key, 'key') },
      source: 'files',
      district: null,
      names: tls.names ?? [],
      health:
        notAfter > Date.now()
          ? {
              state: 'ok',
              detail: `from ${tls.cert}, valid until ${new Date(notAfter).toISOString()}`,
              since: Date.now(),
            }
          : {
              state: 'fault',
              detail: `${tls.cert} expired on ${new Date(notAfter).toISOString()}`,
              since: Date.now(),
            },
    };
  }
  const stored = await readPanelCert(dataDir);
  const names =
    tls.names ?? ('missing' in stored || stored.names.length === 0 ? DEFAULT_NAMES : stored.names);
  const ca = readCa(dataDir);
  let why: string;
  if (!ca) why = 'this kiosk is not enrolled with the district CA';
  else if ('missing' in stored) why = stored.missing;
  else {
    const problem = await panelCertProblem(stored.certPem, stored.keyPem, ca, kioskId);
    if (!problem) {
      return {
        tls: { cert: stored.certPem, key: stored.keyPem },
        source: 'district',
        district: stored,
        names,
        health: panelCertOk(stored.notAfter, names),
      };
    }
    why = `the district certificate held is ${problem}`;
  }
  return {
    tls: await selfSignedPanelCert(kioskId, names),
    source: 'self-signed',
    district: null,
    names,
    health: panelCertWarning(why),
  };
}
