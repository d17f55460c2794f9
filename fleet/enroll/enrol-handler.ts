/**
 * Decides one enrolment request. Every refusal is a value with its reason; only broken storage
 * throws. Order matters: rate limits before anything else (so guessing codes costs time), then the
 * claim, then the CSR's proof of possession, then approval, then issue.
 */
import { createHash } from 'node:crypto';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ProvRequest, type ProvResponse } from '../../contract/provisioning.ts';
import { x509 } from '../../platform/pki/x509.ts';
import { type ClaimStore, hashClaimCode } from './claims.ts';
import { issuePanelCertificate, type PanelIssuer } from './panel-cert.ts';
import { type CertAndKey, CsrRejectedError, signCsr } from './pki.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { EnrolmentRegistry } from './registry.ts';

const requestCheck = TypeCompiler.Compile(ProvRequest);
const DAY = 86_400_000;
const RESERVED_ID = /^(svc-|prov-)/;

export interface EnrolDeps {
  ca: CertAndKey;
  claims: ClaimStore;
  registry: EnrolmentRegistry;
  perSerial: RateLimiter;
  global: RateLimiter;
  /** Broker URL given to enrolled kiosks (their mutual-TLS listener). */
  kioskBrokerUrl: string;
  certLifetimeDays?: number;
  /** How the staff panel's HTTPS certificate is issued when a request asks for one. */
  panel?: Omit<PanelIssuer, 'ca'>;
  /** How long a kiosk that lost its reply may ask again with the same code and key. */
  resendWindowMs?: number;
  /** How soon a kiosk waiting for approval asks again. */
  approvalPollMs?: number;
  now?: () => number;
}

/** Parses the CSR and checks its proof of possession; returns an ID of its public key. */
async function checkedPublicKeyId(csrPem: string): Promise<string> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  if (!(await csr.verify())) throw new CsrRejectedError('signature does not match its public key');
  return createHash('sha256').update(Buffer.from(csr.publicKey.rawData)).digest('hex').slice(0, 32);
}

export async function handleEnrolRequest(
  deps: EnrolDeps,
  topicSerial: string,
  payload: unknown,
): Promise<ProvResponse> {
  const now = deps.now?.() ?? Date.now();
  const requestId =
    typeof payload === 'object' &&
    payload !== null &&
    typeof (payload as { requestId?: unknown }).requestId === 'string'
      ? (payload as { requestId: string }).requestId
      : '';
  const refuse = (
    reason: Extract<ProvResponse, { status: 'refused' }>['reason'],
    detail: string,
    retryAfterMs?: number,
  ): ProvResponse => ({
    requestId,
    status: 'refused',
    reason,
    detail,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

  const globalVerdict = deps.global.take('*');
  if (!globalVerdict.ok)
    return refuse('rate-limited', 'too many enrolment requests, try later', globalVerdict.retryAfterMs);
  const serialVerdict = deps.perSerial.take(topicSerial);
  if (!serialVerdict.ok)
    return refuse('rate-limited', 'too many requests from this serial', serialVerdict.retryAfterMs);

  if (!requestCheck.Check(payload)) {
    const first = requestCheck.Errors(payload).First();
    return refuse('malformed', first ? `${first.path || '/'}: ${first.message}` : 'not an enrolment request');
  }
  if (payload.serial !== topicSerial) return refuse('malformed', 'serial differs from the topic');

  const hash = hashClaimCode(payload.claimCode);
  const claim = await deps.claims.get(hash);
  if (!claim) return refuse('unknown-claim', 'no such claim code');
  if (claim.expiresAt <= now)
    return refuse('claim-expired', `the claim code expired at ${new Date(claim.expiresAt).toISOString()}`);

  let keyId: string;
  try {
    keyId = await checkedPublicKeyId(payload.csr);
  } catch (err) {
    if (err instanceof CsrRejectedError) return refuse('csr-rejected', err.message);
    return refuse('csr-rejected', `not a PKCS#10 request (${(err as Error).message})`);
  }
  const used = await deps.claims.usage(hash);
  if (used) {
    // The same kiosk asking again with the same key soon after (its reply was lost) gets the same answer.
    const resendWindow = deps.resendWindowMs ?? 10 * 60_000;
    if (used.serial === payload.serial && used.publicKeyId === keyId && now - used.usedAt < resendWindow) {
      const panel = await panelPart(deps, used.kioskId, payload, now);
      return issued(deps, requestId, used.kioskId, claim.siteId, used.certificate, panel);
    }
    return refuse('claim-used', 'this claim code has already been used');
  }
  if (!(await deps.claims.bind(hash, payload.serial))) {
    return refuse('claim-used', 'this claim code was presented by another kiosk');
  }

  if (claim.requireApproval) {
    const pending = await deps.registry.getPending(payload.serial);
    if (!pending || pending.claimHash !== hash) {
      await deps.registry.putPending({
        serial: payload.serial,
        siteId: claim.siteId,
        claimHash: hash,
        requestedAt: now,
        approvedAt: null,
        approvedBy: null,
      });
    }
    if (!pending?.approvedAt || pending.claimHash !== hash) {
      return { requestId, status: 'pending-approval', retryAfterMs: deps.approvalPollMs ?? 30_000 };
    }
  }

  const previous = await deps.registry.kioskBySerial(payload.serial);
  let kioskId: string;
  if (claim.kioskId) {
    if (RESERVED_ID.test(claim.kioskId)) return refuse('internal', `kiosk ID ${claim.kioskId} is reserved`);
    if (!(await deps.registry.reserveKioskId(claim.kioskId, payload.serial))) {
      return refuse('internal', `kiosk ID ${claim.kioskId} belongs to another device`);
    }
    kioskId = claim.kioskId;
  } else if (previous && previous.siteId === claim.siteId) {
    kioskId = previous.kioskId; // re-enrolment after a factory reset keeps the kiosk's identity
  } else {
    kioskId = await deps.registry.allocateKioskId(claim.siteId, payload.serial);
  }

  const notAfter = now + (deps.certLifetimeDays ?? 365) * DAY;
  let certificate: string;
  try {
    certificate = await signCsr(deps.ca, payload.csr, {
      kioskId,
      siteId: claim.siteId,
      notBefore: new Date(now - 5 * 60_000),
      notAfter: new Date(notAfter),
    });
  } catch (err) {
    if (err instanceof CsrRejectedError) return refuse('csr-rejected', err.message);
    throw err;
  }
  if (
    !(await deps.claims.use(hash, {
      serial: payload.serial,
      kioskId,
      usedAt: now,
      publicKeyId: keyId,
      certificate,
    }))
  ) {
    return refuse('claim-used', 'this claim code has already been used');
  }
  await deps.registry.record({
    kioskId,
    siteId: claim.siteId,
    serial: payload.serial,
    enrolledAt: now,
    notAfter,
  });
  await deps.registry.removePending(payload.serial);
  const panel = await panelPart(deps, kioskId, payload, now);
  return issued(deps, requestId, kioskId, claim.siteId, certificate, panel);
}

type PanelPart = { panelCertificate?: string; panelRefused?: string };

/** The panel certificate asked for with the enrolment; a refusal of its names does not refuse the kiosk. */
async function panelPart(
  deps: EnrolDeps,
  kioskId: string,
  payload: ProvRequest,
  now: number,
): Promise<PanelPart> {
  if (!payload.panel) return {};
  const outcome = await issuePanelCertificate(
    { ca: deps.ca, reservedNames: deps.panel?.reservedNames ?? [], ...deps.panel },
    kioskId,
    payload.panel,
    now,
  );
  return 'refused' in outcome ? { panelRefused: outcome.refused } : { panelCertificate: outcome.certificate };
}

function issued(
  deps: EnrolDeps,
  requestId: string,
  kioskId: string,
  siteId: string,
  certificate: string,
  panel: PanelPart,
): ProvResponse {
  const cert = new x509.X509Certificate(certificate);
  return {
    requestId,
    status: 'issued',
    kioskId,
    siteId,
    certificate,
    caCertificate: deps.ca.certPem,
    brokerUrl: deps.kioskBrokerUrl,
    notAfter: cert.notAfter.getTime(),
    ...panel,
  };
}
