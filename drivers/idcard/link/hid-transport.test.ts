import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ReaderSession } from '../device/reader-session.ts';
import type { Identity } from '../identity/types.ts';
import { buildCommandFrame, toHex } from '../protocol/frame.ts';
import { HidSimDevice } from '../sim/hid-sim-device.ts';
import { SamSimulator } from '../sim/sam-simulator.ts';
import { loadSimCard } from '../sim/sim-card.ts';
import { HidTransport } from './hid-transport.ts';
import { MIAXIS_HOST_FLAG, ReportAssembler, toReports, wrapPacket } from './miaxis-wrapper.ts';
import { matchReader } from './supported-readers.ts';

describe('Miaxis HID wrapper (reference §1.3)', () => {
  it('wraps a GA 467 frame: flag 88, seq, LE length, B1, frame, LE additive checksum from offset 3', () => {
    const packet = wrapPacket(MIAXIS_HOST_FLAG, 1, buildCommandFrame(0x20, 0x01));
    // len = 1 (command byte) + 10; checksum = 0B+00+B1+AA+AA+AA+96+69+00+03+20+01+22 = 0x03FF
    assert.equal(toHex(packet), '88 01 00 0B 00 B1 AA AA AA 96 69 00 03 20 01 22 FF 03');
  });

  it('reassembles a reply spanning several 64-byte reports and drops one with a bad checksum', () => {
    const payload = Uint8Array.from({ length: 1295 }, (_, i) => i & 0xff);
    const reports = toReports(wrapPacket(0x99, 7, payload));
    assert.equal(reports.length, Math.ceil((1295 + 8) / 64));
    assert.ok(reports.every((r) => r.length === 64));
    const assembler = new ReportAssembler((flag) => flag !== MIAXIS_HOST_FLAG);
    const events = reports.flatMap((r) => assembler.push(r));
    assert.equal(events.length, 1);
    const first = events[0];
    assert.ok(first?.kind === 'packet');
    assert.deepEqual([first.packet.seq, first.packet.payload.length], [7, 1295]);
    assert.deepEqual(first.packet.payload, payload);

    const broken = toReports(wrapPacket(0x99, 8, payload));
    const hit = broken[3]!;
    hit[10] = (hit[10] ?? 0) ^ 0xff;
    const dropped = broken.flatMap((r) => assembler.push(r));
    assert.deepEqual(
      dropped.map((e) => e.kind === 'dropped' && e.reason),
      ['bad-checksum'],
    );
    assert.deepEqual(assembler.push(toReports(wrapPacket(MIAXIS_HOST_FLAG, 1, payload))[0]!), [
      { kind: 'dropped', reason: 'bad-flag', bytes: 64 },
    ]);
  });
});

describe('HidTransport with a simulated HID reader', () => {
  const sessions: ReaderSession[] = [];
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close();
  });

  it('reads a card through the same session as serial, and reports an unplugged reader', async () => {
    const sim = new SamSimulator();
    const devices: HidSimDevice[] = [];
    const session = new ReaderSession(
      async () => {
        const device = new HidSimDevice(sim);
        devices.push(device);
        return new HidTransport(device, 'USB-HID simulated');
      },
      { pollIntervalMs: 5, reconnectInitialMs: 20, reconnectMaxMs: 50 },
    );
    sessions.push(session);
    const cards: Identity[] = [];
    session.on('card', (id) => cards.push(id));
    session.start();
    sim.place(loadSimCard('foreign-2023-garcia'));
    const deadline = Date.now() + 3000;
    while (cards.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.ok(cards[0]?.number === '91172419780412003X', 'number differs from the card');
    assert.equal(session.health.state, 'ok');
    // Host reports are 64 bytes and start with the host flag.
    assert.ok(devices[0]?.written.every((r) => r.length === 64 && r[0] === MIAXIS_HOST_FLAG));

    devices[0]?.unplug();
    while (session.health.state === 'ok' && Date.now() < deadline + 2000)
      await new Promise((r) => setTimeout(r, 5));
    assert.equal(session.health.state, 'disconnected');
    while (devices.length < 2 && Date.now() < deadline + 4000) await new Promise((r) => setTimeout(r, 5));
    assert.ok(devices.length >= 2, 'reopened after unplug');
  });
});

describe('reader fingerprints', () => {
  it('matches a dedicated HID reader exactly and a generic bridge for confirmation', () => {
    assert.equal(
      matchReader({ path: '/dev/hidraw0', vendorId: 0x10c4, productId: 0x0007 }, 'hid')?.match,
      'exact',
    );
    const bridge = matchReader({ path: '/dev/ttyUSB0', vendorId: '1A86', productId: '7523' }, 'serial');
    assert.equal(bridge?.match, 'confirm');
    assert.equal(
      matchReader({ path: '/dev/ttyUSB0', vendorId: '10c4', productId: 'ea60' }, 'serial')?.match,
      'confirm',
    );
  });

  it('ignores unknown devices, devices without ids, and transport mismatches', () => {
    assert.equal(matchReader({ path: '/dev/ttyS0' }, 'serial'), null);
    assert.equal(matchReader({ path: '/dev/ttyACM0', vendorId: '2341', productId: '0043' }, 'serial'), null);
    assert.equal(matchReader({ path: '/dev/ttyUSB0', vendorId: '10c4', productId: '0007' }, 'serial'), null);
  });
});
