/**
 * The staff panel's HTTPS certificate (contract/panel-cert.ts), issued by the device CA for a key
 * the kiosk made for the panel alone: CN = kiosk ID, OU = panel, serverAuth only (the broker, which
 * checks clientAuth, refuses it as a login), short-lived, for the LAN names the kiosk gave. A name
 * the broker answers to is refused, or a kiosk could stand in for the broker to its neighbours;
 * so is anything that is not a plain host name, a private IPv4 address or loopback.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type PanelCertAsk, PanelCertRequest, type PanelCertResponse } from '../../contract/panel-cert.ts';
import { x509 } from '../../platform/pki/x509.ts';
import { type CertAndKey, CsrRejectedError, signCsr } from './pki.ts';

export const PANEL_OU = 'panel';
const DAY = 86_400_000;
export const DEFAULT_PANEL_CERT_DAYS = 30;
const renewalCheck = TypeCompiler.Compile(PanelCertRequest);

/** Dotted-quad IPv4 with no leading zeros: the only address form that reaches a certificate as written. */
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const CANONICAL_IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
/** A label a resolver or inet_aton may read as part of an address (decimal, octal, hex). */
const NUMERIC_LABEL = /^(\d+|0x[0-9a-f]*)$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function privateIpv4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** Whether `name` is one the broker answers to: exactly, or through a `*.` wildcard for one label. */
function brokerAnswersTo(name: string, reserved: readonly string[]): boolean {
  return reserved.some((r) => {
    const broker = r.toLowerCase();
    if (broker === name) return true;
    if (!broker.startsWith('*.')) return false;
    const dot = name.indexOf('.');
    return dot > 0 && name.slice(dot) === broker.slice(1);
  });
}

/**
 * The names split into IP and DNS SANs, or why they cannot be in a panel certificate. An address
 * is taken only in its canonical form (what the certificate will carry), so the check against the
 * broker's names compares what a client will compare; anything address-like in another form
 * (`010.0.0.1`, `10.1`, `0xa.0.0.1`) is refused rather than guessed at.
 */
export function checkPanelNames(
  names: readonly string[],
  reserved: readonly string[],
): { ip: string[]; dns: string[] } | { problem: string } {
  const ip: string[] = [];
  const dns: string[] = [];
  for (const raw of names) {
    const name = raw.toLowerCase();
    const loopback = name.startsWith('127.') || name === 'localhost' || name === '::1';
    if (!loopback && brokerAnswersTo(name, reserved)) return { problem: `${name} is a name of the broker` };
    if (name === '::1') {
      ip.push(name);
      continue;
    }
    if (CANONICAL_IPV4.test(name)) {
      if (!privateIpv4(name)) return { problem: `${name} is not a private LAN address` };
      ip.push(name);
      continue;
    }
    const labels = name.split('.');
    if (labels.every((label) => NUMERIC_LABEL.test(label)) || /^\d+$/.test(labels.at(-1) ?? '')) {
      return { problem: `${raw} is not an address in canonical dotted form (like 192.168.1.10)` };
    }
    if (!labels.every((label) => LABEL.test(label))) {
      return { problem: `${raw} is not a host name (no wildcards, no addresses outside the LAN)` };
    }
    dns.push(name);
  }
  return { ip: [...new Set(ip)], dns: [...new Set(dns)] };
}

export interface PanelIssuer {
  ca: CertAndKey;
  /** Names the broker answers to (never put in a panel certificate). */
  reservedNames: readonly string[];
  lifetimeDays?: number;
}

export type PanelIssue = { certificate: string; notAfter: number } | { refused: string };

export async function issuePanelCertificate(
  issuer: PanelIssuer,
  kioskId: string,
  ask: PanelCertAsk,
  now: number,
): Promise<PanelIssue> {
  const names = checkPanelNames(ask.names, issuer.reservedNames);
  if ('problem' in names) return { refused: names.problem };
  const notAfter = now + (issuer.lifetimeDays ?? DEFAULT_PANEL_CERT_DAYS) * DAY;
  try {
    const certificate = await signCsr(issuer.ca, ask.csr, {
      kioskId,
      usage: 'server',
      ou: PANEL_OU,
      notBefore: new Date(now - 5 * 60_000),
      notAfter: new Date(notAfter),
      ipSans: names.ip,
      dnsSans: names.dns,
    });
    return { certificate, notAfter };
  } catch (err) {
    if (err instanceof CsrRejectedError) return { refused: err.message };
    throw err;
  }
}

/** The names in the broker's certificate (`shequ fleet ca init --broker-host`), lower case. */
export async function brokerNames(dataDir: string): Promise<string[]> {
  let pem: string;
  try {
    pem = await readFile(join(dataDir, 'pki', 'broker', 'broker.pem'), 'utf8');
  } catch {
    return [];
  }
  const cert = new x509.X509Certificate(pem);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const names = (san?.names.toJSON() ?? []).map((n) => n.value.toLowerCase());
  const cn = cert.subjectName.getField('CN')[0];
  return cn ? [...names, cn.toLowerCase()] : names;
}

/** What renewal needs: the issuer, which kiosks are enrolled, and a limit per kiosk. */
export interface PanelRenewalDeps extends PanelIssuer {
  isEnrolled(kioskId: string): Promise<boolean>;
  take(kioskId: string): { ok: boolean };
  now(): number;
}

/** Answers one renewal from an enrolled kiosk (the topic, bound by the broker to its certificate, names it). */
export async function handlePanelCertRequest(
  deps: PanelRenewalDeps,
  kioskId: string,
  payload: unknown,
): Promise<PanelCertResponse | null> {
  if (!renewalCheck.Check(payload)) return null;
  const refuse = (detail: string): PanelCertResponse => ({
    requestId: payload.requestId,
    status: 'refused',
    detail,
  });
  if (!deps.take(kioskId).ok) return refuse('too many panel certificate requests, try later');
  if (!(await deps.isEnrolled(kioskId))) return refuse(`${kioskId} is not an enrolled kiosk`);
  const outcome = await issuePanelCertificate(deps, kioskId, payload, deps.now());
  if ('refused' in outcome) return refuse(outcome.refused);
  return { requestId: payload.requestId, status: 'issued', ...outcome };
}
