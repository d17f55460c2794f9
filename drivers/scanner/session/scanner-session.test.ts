import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ScannerLinkError } from '../errors.ts';
import { openHidScanner, openSerialScanner } from '../index.ts';
import { SimulatedScanner } from '../sim/simulated-scanner.ts';
import type { DiscardVerdict, Scanner, ScannerHealth } from '../types.ts';
import { ScannerSession } from './scanner-session.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Recorded {
  codes: string[];
  discarded: DiscardVerdict[];
  health: ScannerHealth[];
}

function record(scanner: Scanner): Recorded {
  const r: Recorded = { codes: [], discarded: [], health: [] };
  scanner.on('code', (c) => r.codes.push(c));
  scanner.on('discarded', (d) => r.discarded.push(d));
  scanner.on('health', (h) => r.health.push(h));
  return r;
}

async function until(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const FAST = { reconnectInitialMs: 20, reconnectMaxMs: 80 };

describe('HID scanner (simulated keyboard-wedge device)', () => {
  function hidRig(options = {}) {
    const sim = new SimulatedScanner();
    const scanner = openHidScanner(
      { vendorId: 0x05e0, productId: 0x1200 },
      { ...FAST, ...options, openDevice: sim.openHidDevice },
    );
    cleanups.push(() => scanner.close());
    return { sim, scanner, events: record(scanner) };
  }

  it('emits each scanned code once and reports health ok', async () => {
    const { sim, scanner, events } = hidRig();
    await until('health ok', () => scanner.health.state === 'ok');
    await sim.scanHid('SQ1.T.ABC');
    await sim.scanHid('https://example.cn/x', { rollover: true, reportId: 1 });
    await until('two codes', () => events.codes.length === 2);
    assert.deepEqual(events.codes, ['SQ1.T.ABC', 'https://example.cn/x']);
    assert.match(scanner.health.detail ?? '', /05e0:1200/);
  });

  it('discards an incomplete code on its own idle timer', async () => {
    const { sim, scanner, events } = hidRig({ idleMs: 40 });
    await until('health ok', () => scanner.health.state === 'ok');
    await sim.scanHid('SQ1.T.HALF', { terminator: 'none' });
    await until('discard verdict', () => events.discarded.length === 1);
    assert.equal(events.discarded[0]?.reason, 'idle-timeout');
    assert.equal(events.discarded[0]?.length, 10);
    assert.deepEqual(events.codes, []);
  });

  it('goes disconnected when unplugged and reconnects with a fresh device', async () => {
    const { sim, scanner, events } = hidRig();
    await until('health ok', () => scanner.health.state === 'ok');
    sim.hidDevice?.unplug();
    await until('second device', () => sim.hidDevices.length === 2 && scanner.health.state === 'ok');
    assert.ok(events.health.some((h) => h.state === 'disconnected' && /could not read/.test(h.detail ?? '')));
    await sim.scanHid('AFTER');
    await until('code after reconnect', () => events.codes.length === 1);
    assert.deepEqual(events.codes, ['AFTER']);
  });
  it('drops a code repeated within the hold-off (continuous mode), not one repeated later', async () => {
    const { sim, scanner, events } = hidRig({ repeatHoldoffMs: 150 });
    await until('health ok', () => scanner.health.state === 'ok');
    await sim.scanHid('SQ1.T.SAME');
    await sim.scanHid('SQ1.T.SAME');
    await sim.scanHid('SQ1.T.OTHER');
    await sim.scanHid('SQ1.T.OTHER');
    await until('two codes', () => events.codes.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    await sim.scanHid('SQ1.T.OTHER');
    await until('third code', () => events.codes.length === 3);
    assert.deepEqual(events.codes, ['SQ1.T.SAME', 'SQ1.T.OTHER', 'SQ1.T.OTHER']);
  });

  it('with real node-hid, a scanner that is not attached is reported, not thrown', async () => {
    const scanner = openHidScanner({ vendorId: 0xfffe, productId: 0xfffd }, FAST);
    cleanups.push(() => scanner.close());
    await until('open attempt reported', () => /fffe:fffd/.test(scanner.health.detail ?? ''));
    assert.notEqual(scanner.health.state, 'ok');
  });
});

describe('ScannerSession supervision', () => {
  it('retries a failing open with capped backoff and reports the failure', async () => {
    const attempts: number[] = [];
    const session = new ScannerSession(
      async () => {
        attempts.push(Date.now());
        throw new ScannerLinkError('SCANNER_NO_PERMISSION', 'no access to /dev/hidraw3');
      },
      { reconnectInitialMs: 10, reconnectMaxMs: 40 },
    ).start();
    cleanups.push(() => session.close());
    // Uncapped, the 8th gap would be 10·2^6 = 640 ms; capped at 40 ms (±10 % jitter).
    await until('eight attempts', () => attempts.length >= 8);
    assert.equal(session.health.state, 'fault', 'a permission problem needs a person: fault');
    assert.match(session.health.detail ?? '', /hidraw3/);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    assert.ok(gaps.at(-1)! < 300, `backoff is capped: ${gaps.join(',')}`);
    assert.ok(gaps[3]! >= 30, `backoff grows: ${gaps.join(',')}`);
  });

  it('close() stops reconnecting and leaves health disconnected', async () => {
    let opens = 0;
    const session = new ScannerSession(
      async () => {
        opens++;
        throw new Error('ENOENT');
      },
      { reconnectInitialMs: 10 },
    ).start();
    await until('an attempt', () => opens > 0);
    await session.close();
    const after = opens;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(opens, after);
    assert.equal(session.health.state, 'disconnected');
    assert.equal(session.health.detail, 'scanner closed');
  });
});

describe('serial scanner over a real socat pty pair', () => {
  async function serialRig(baudRate: number, options = {}) {
    const sim = new SimulatedScanner();
    cleanups.push(() => sim.close());
    const path = await sim.startSerial(baudRate);
    const scanner = openSerialScanner({ path, baudRate }, { ...FAST, ...options });
    cleanups.push(() => scanner.close());
    const events = record(scanner);
    await until('health ok', () => scanner.health.state === 'ok');
    return { sim, scanner, events };
  }

  it('reads CR, LF and CRLF terminated codes written in split chunks', async () => {
    const { sim, scanner, events } = await serialRig(115200);
    assert.match(scanner.health.detail ?? '', /@115200/);
    await sim.scanSerial('SQ1.T.K-SIM-0001.A023', { terminator: 'CRLF', chunkSize: 3, chunkGapMs: 5 });
    await sim.scanSerial('6901234567892', { terminator: 'LF', chunkSize: 5, chunkGapMs: 5 });
    await sim.scanSerial('https://weixin.qq.com/r/abc', { terminator: 'CR' });
    await until('three codes', () => events.codes.length === 3);
    assert.deepEqual(events.codes, ['SQ1.T.K-SIM-0001.A023', '6901234567892', 'https://weixin.qq.com/r/abc']);
  });

  it('refuses an over-long garbage line with a verdict and keeps reading', async () => {
    const { sim, events } = await serialRig(9600, { maxLineBytes: 64, idleMs: 100 });
    await sim.writeSerial(new Uint8Array(200).fill(0x55), { chunkSize: 50 });
    await sim.writeSerial(Uint8Array.of(0x0d));
    await sim.scanSerial('A017', { terminator: 'CR' });
    await until('verdict and code', () => events.discarded.length === 1 && events.codes.length === 1);
    assert.deepEqual(events.discarded[0], {
      reason: 'too-long',
      length: 200,
      detail: 'line of 200 bytes refused (limit 64)',
    });
    assert.deepEqual(events.codes, ['A017']);

    // Garbage with no terminator at all is dropped after the idle time, so the next code is clean.
    await sim.writeSerial(new Uint8Array(90).fill(0x55));
    await until('idle discard', () => events.discarded.length === 2);
    assert.equal(events.discarded[1]?.reason, 'idle-timeout');
    await sim.scanSerial('A018', { terminator: 'CRLF' });
    await until('second code', () => events.codes.length === 2);
    assert.deepEqual(events.codes, ['A017', 'A018']);
  });

  it('reports disconnected when the port disappears and never throws', async () => {
    const { sim, scanner } = await serialRig(9600);
    await sim.close();
    await until('disconnected', () => scanner.health.state === 'disconnected', 5000);
    assert.match(scanner.health.detail ?? '', /\/dev\/pts\//);
  });
});
