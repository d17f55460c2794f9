import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProvResponse } from '../../contract/provisioning.ts';
import { generateEcKeyPair } from '../../platform/pki/ec-keys.ts';
import { x509 } from '../../platform/pki/x509.ts';
import { createCsr } from '../../provisioning/identity/csr.ts';
import { ClaimStore, normaliseClaimCode } from './claims.ts';
import { type EnrolDeps, handleEnrolRequest } from './enrol-handler.ts';
import { createCa } from './pki.ts';
import { RateLimiter } from './rate-limit.ts';
import { EnrolmentRegistry } from './registry.ts';

const HOUR = 3_600_000;

describe('enrolment decisions', () => {
  let dir: string;
  let deps: EnrolDeps;
  let now = Date.UTC(2026, 10, 28, 8, 0, 0);
  let csr: string;

  const claim = (over: { expiresAt?: number; requireApproval?: boolean } = {}) =>
    deps.claims.issue({
      siteId: 'xingfu',
      requireApproval: over.requireApproval ?? false,
      createdAt: now,
      expiresAt: over.expiresAt ?? now + HOUR,
    });
  const ask = (serial: string, body: Record<string, unknown>) =>
    handleEnrolRequest(deps, serial, { serial, requestId: 'req-00000001', csr, ...body });
  const reasonOf = (r: ProvResponse) => (r.status === 'refused' ? r.reason : r.status);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shequ-enrol-'));
    csr = await createCsr(await generateEcKeyPair(), 'SN-UNIT-0001');
    deps = {
      ca: await createCa('Test Device CA', new Date(now - HOUR)),
      claims: new ClaimStore(dir),
      registry: new EnrolmentRegistry(dir),
      perSerial: new RateLimiter({ capacity: 3, perMs: 60_000 }, () => now),
      global: new RateLimiter({ capacity: 1000, perMs: 60_000 }, () => now),
      kioskBrokerUrl: 'mqtts://broker.example:8883',
      now: () => now,
    };
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts a code typed with lower case, spaces and look-alike letters', async () => {
    const code = await claim();
    const typed = code.toLowerCase().replace(/-/g, ' ');
    assert.equal(normaliseClaimCode(typed), normaliseClaimCode(code));
    const r = await ask('SN-UNIT-0001', { claimCode: typed });
    assert.equal(r.status, 'issued');
  });

  it('answers a kiosk that lost its reply again (same serial, same key), but nobody else', async () => {
    const code = await claim();
    const first = await ask('SN-UNIT-0002', { claimCode: code });
    const again = await ask('SN-UNIT-0002', { claimCode: code });
    assert.equal(
      first.status === 'issued' && again.status === 'issued' && first.certificate === again.certificate,
      true,
    );
    const otherKey = await createCsr(await generateEcKeyPair(), 'SN-UNIT-0002');
    assert.equal(reasonOf(await ask('SN-UNIT-0002', { claimCode: code, csr: otherKey })), 'claim-used');
    now += 11 * 60_000;
    assert.equal(
      reasonOf(await ask('SN-UNIT-0002', { claimCode: code })),
      'claim-used',
      'not after the window',
    );
  });

  it('refuses malformed requests, a serial that differs from the topic, and a forged CSR', async () => {
    const code = await claim();
    assert.equal(reasonOf(await handleEnrolRequest(deps, 'SN-UNIT-0003', null)), 'malformed');
    assert.equal(reasonOf(await ask('SN-UNIT-0003', { claimCode: code, serial: 'SN-OTHER-9' })), 'malformed');
    // Flip the last byte of the DER, which lies in the signature: the proof of possession fails.
    const der = Buffer.from(x509.PemConverter.decode(csr)[0] ?? new ArrayBuffer(0));
    der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 0x01;
    const forged = x509.PemConverter.encode(der, 'CERTIFICATE REQUEST');
    assert.equal(reasonOf(await ask('SN-UNIT-0004', { claimCode: code, csr: forged })), 'csr-rejected');
    assert.equal(
      reasonOf(await ask('SN-UNIT-0004', { claimCode: code, csr: 'not a csr'.repeat(20) })),
      'csr-rejected',
    );
  });

  it('rate-limits per serial (before looking at the code) and recovers after the window', async () => {
    const serial = 'SN-UNIT-0005';
    const results: string[] = [];
    for (let i = 0; i < 4; i++) results.push(reasonOf(await ask(serial, { claimCode: 'WRONG-CODE-0000' })));
    assert.deepEqual(results, ['unknown-claim', 'unknown-claim', 'unknown-claim', 'rate-limited']);
    const limited = await ask(serial, { claimCode: await claim() });
    assert.ok(limited.status === 'refused' && (limited.retryAfterMs ?? 0) > 0);
    now += 60_000;
    assert.equal((await ask(serial, { claimCode: await claim() })).status, 'issued');
  });

  it('rate-limits globally across serials', async () => {
    const tight = { ...deps, global: new RateLimiter({ capacity: 2, perMs: 60_000 }, () => now) };
    const code = await claim();
    const a = await handleEnrolRequest(tight, 'SN-UNIT-0006', {
      serial: 'SN-UNIT-0006',
      requestId: 'req-00000001',
      csr,
      claimCode: code,
    });
    const b = await handleEnrolRequest(tight, 'SN-UNIT-0007', {
      serial: 'SN-UNIT-0007',
      requestId: 'req-00000001',
      csr,
      claimCode: 'X-X-X-X',
    });
    const c = await handleEnrolRequest(tight, 'SN-UNIT-0008', {
      serial: 'SN-UNIT-0008',
      requestId: 'req-00000001',
      csr,
      claimCode: code,
    });
    assert.deepEqual([a, b, c].map(reasonOf), ['issued', 'unknown-claim', 'rate-limited']);
  });

  it('gives kiosk IDs per site in order and keeps one across re-enrolment of the same device', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'shequ-enrol-ids-'));
    try {
      const local = { ...deps, claims: new ClaimStore(fresh), registry: new EnrolmentRegistry(fresh) };
      const issue = async (serial: string) => {
        const code = await local.claims.issue({
          siteId: 'heping',
          requireApproval: false,
          createdAt: now,
          expiresAt: now + HOUR,
        });
        const r = await handleEnrolRequest(local, serial, {
          serial,
          requestId: 'req-00000001',
          csr,
          claimCode: code,
        });
        return r.status === 'issued' ? r.kioskId : reasonOf(r);
      };
      assert.equal(await issue('SN-IDS-0001'), 'heping-001');
      assert.equal(await issue('SN-IDS-0002'), 'heping-002');
      assert.equal(await issue('SN-IDS-0001'), 'heping-001');
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
