import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { openHidScanner, openSerialScanner, SimulatedScanner } from '../../drivers/scanner/index.ts';
import { CodeSigner } from './code-signer.ts';
import { verifyScans } from './scan-verifier.ts';
import type { CodeVerdict } from './verdicts.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const signer = new CodeSigner(Buffer.alloc(32, 3));
const ticketCode = signer.signCode({
  type: 'ticket',
  fields: {
    kioskId: 'K-SIM-0001',
    day: '2026-11-28',
    number: 'B007',
    ticketId: '01KB2XG4R8S6T9VWXYZ0123456',
  },
});

describe('scanned codes end to end', () => {
  it('a ticket typed by a keyboard-wedge scanner verifies; an altered one and a WeChat code do not', async () => {
    const sim = new SimulatedScanner();
    const scanner = openHidScanner(
      { vendorId: 0x1eab, productId: 0x0d10 },
      { openDevice: sim.openHidDevice, reconnectInitialMs: 20 },
    );
    cleanups.push(() => scanner.close());
    const verdicts: CodeVerdict[] = [];
    const stop = verifyScans(scanner, signer, (v) => verdicts.push(v));
    await until('scanner ok', () => scanner.health.state === 'ok');

    await sim.scanHid(ticketCode, { rollover: true, reportId: 1 });
    await sim.scanHid(ticketCode.replace('.B007.', '.B001.'));
    await sim.scanHid('https://u.wechat.com/EFs7Ab');
    await until('three verdicts', () => verdicts.length === 3);
    const [genuine, altered, wechat] = verdicts;
    assert.ok(genuine?.kind === 'shequ' && genuine.type === 'ticket');
    assert.equal(genuine.fields.number, 'B007');
    assert.deepEqual(altered, { kind: 'forged', reason: 'bad-signature' });
    assert.deepEqual(wechat, { kind: 'foreign', text: 'https://u.wechat.com/EFs7Ab', format: 'wechat' });

    stop();
    await sim.scanHid('A999');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(verdicts.length, 3, 'no verdicts after stop()');
  });

  it('a ticket read by a serial scanner over a pty, in split chunks, verifies', async () => {
    const sim = new SimulatedScanner();
    cleanups.push(() => sim.close());
    const path = await sim.startSerial(9600);
    const scanner = openSerialScanner({ path, baudRate: 9600 });
    cleanups.push(() => scanner.close());
    const verdicts: CodeVerdict[] = [];
    verifyScans(scanner, signer, (v) => verdicts.push(v));
    await until('scanner ok', () => scanner.health.state === 'ok');
    await sim.scanSerial(ticketCode, { terminator: 'CRLF', chunkSize: 16, chunkGapMs: 3 });
    await until('verdict', () => verdicts.length === 1);
    assert.equal(verdicts[0]?.kind, 'shequ');
  });
});
