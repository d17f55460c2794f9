import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { buildResponseFrame, fromHex, toHex } from '../protocol/frame.ts';
import { ReaderLinkError } from './errors.ts';
import { SamLink } from './sam-link.ts';
import type { ByteTransport, TransportEvents } from './transport.ts';

/** A transport whose replies the test scripts by hand. */
class ScriptedTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  readonly description = 'scripted';
  isOpen = true;
  readonly writes: string[] = [];
  write(bytes: Uint8Array): Promise<void> {
    this.writes.push(toHex(bytes));
    return Promise.resolve();
  }
  reply(hex: string | Uint8Array): void {
    this.emit('data', typeof hex === 'string' ? fromHex(hex) : hex);
  }
  close(): Promise<void> {
    this.isOpen = false;
    this.emit('close', undefined);
    return Promise.resolve();
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SamLink', () => {
  it('sends the command frame and resolves with the decoded reply', async () => {
    const t = new ScriptedTransport();
    const link = new SamLink(t);
    const pending = link.request(0x20, 0x01, 500);
    await tick();
    assert.deepEqual(t.writes, ['AA AA AA 96 69 00 03 20 01 22']);
    t.reply('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
    const r = await pending;
    assert.equal(r.sw3, 0x9f);
    assert.equal(r.data.length, 4);
  });

  it('keeps one command outstanding: the second is sent only after the first reply', async () => {
    const t = new ScriptedTransport();
    const link = new SamLink(t);
    const a = link.request(0x11, 0xff, 500);
    const b = link.request(0x20, 0x01, 500);
    await tick();
    assert.equal(t.writes.length, 1);
    t.reply(buildResponseFrame(0x90));
    assert.equal((await a).sw3, 0x90);
    await tick();
    assert.equal(t.writes.length, 2);
    t.reply(buildResponseFrame(0x80));
    assert.equal((await b).sw3, 0x80);
  });

  it('rejects with LINK_TIMEOUT and still serves the next command', async () => {
    const t = new ScriptedTransport();
    const link = new SamLink(t);
    await assert.rejects(link.request(0x20, 0x01, 30), (e: unknown) => {
      return e instanceof ReaderLinkError && e.code === 'LINK_TIMEOUT' && /20 01/.test(e.message);
    });
    const next = link.request(0x11, 0xff, 500);
    await tick();
    t.reply(buildResponseFrame(0x90));
    assert.equal((await next).sw3, 0x90);
    assert.equal(link.stats.timeouts, 1);
  });

  it('rejects a garbled reply at once with LINK_BAD_REPLY', async () => {
    const t = new ScriptedTransport();
    const link = new SamLink(t);
    const pending = link.request(0x20, 0x01, 5000);
    await tick();
    const started = Date.now();
    t.reply('AA AA AA 96 69 00 04 00 00 80 85');
    await assert.rejects(
      pending,
      (e: unknown) => e instanceof ReaderLinkError && e.code === 'LINK_BAD_REPLY',
    );
    assert.ok(Date.now() - started < 1000);
  });

  it('rejects the pending command and later ones with LINK_CLOSED when the transport goes away', async () => {
    const t = new ScriptedTransport();
    const link = new SamLink(t);
    const pending = link.request(0x30, 0x01, 5000);
    await tick();
    t.emit('close', new Error('unplugged'));
    await assert.rejects(pending, (e: unknown) => e instanceof ReaderLinkError && e.code === 'LINK_CLOSED');
    await assert.rejects(link.request(0x20, 0x01, 100), /closed/);
  });

  it('drops a partial frame after the inter-byte gap so the next reply is not swallowed', async () => {
    const t = new ScriptedTransport();
    const discards: string[] = [];
    const link = new SamLink(t, { interByteGapMs: 20, onDiscard: (e) => discards.push(e.reason) });
    const first = link.request(0x20, 0x01, 60);
    await tick();
    t.reply('AA AA AA 96 69 05 08 00 00 90'); // a read reply that stops
    await assert.rejects(first, /no reply/);
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(link.stats.gapResets, 1);
    assert.deepEqual(discards, ['noise']);
    const second = link.request(0x20, 0x01, 500);
    await tick();
    t.reply(buildResponseFrame(0x80));
    assert.equal((await second).sw3, 0x80);
  });

  it('counts a frame nobody asked for instead of handing it to the next command', async () => {
    const t = new ScriptedTransport();
    const link = new SamLink(t);
    t.reply(buildResponseFrame(0x9f, new Uint8Array(4)));
    assert.equal(link.stats.unsolicitedFrames, 1);
  });
});
