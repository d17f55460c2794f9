import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ReaderLinkError } from '../link/errors.ts';
import type { ByteTransport } from '../link/transport.ts';
import { buildResponseFrame } from '../protocol/frame.ts';
import { InProcessTransport, type InProcessTransportOptions } from '../sim/in-process-transport.ts';
import { SamSimulator, type SamSimulatorOptions } from '../sim/sam-simulator.ts';
import { loadSimCard } from '../sim/sim-card.ts';
import { ReaderSession } from './reader-session.ts';
import type { ReaderEvents, ReaderHealth, ReaderSessionOptions, ReadFailure } from './reader-types.ts';

type Recorded = { [K in keyof ReaderEvents]: ReaderEvents[K][] };

const FAST: ReaderSessionOptions = {
  pollIntervalMs: 5,
  commandTimeoutMs: 150,
  reconnectInitialMs: 20,
  reconnectMaxMs: 80,
  faultRecheckMs: 20,
};

const sessions: ReaderSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

function record(session: ReaderSession): Recorded {
  const r: Recorded = { card: [], removed: [], health: [], 'read-failed': [] };
  session.on('card', (...a) => r.card.push(a));
  session.on('removed', (...a) => r.removed.push(a));
  session.on('health', (...a) => r.health.push(a));
  session.on('read-failed', (...a) => r['read-failed'].push(a));
  return r;
}

interface RigOptions {
  sim?: SamSimulatorOptions;
  simulator?: SamSimulator;
  transport?: InProcessTransportOptions;
  session?: ReaderSessionOptions;
}

function rig(opts: RigOptions) {
  const sim = opts.simulator ?? new SamSimulator(opts.sim);
  const transports: InProcessTransport[] = [];
  const session = new ReaderSession(
    async () => {
      const t = new InProcessTransport(sim, opts.transport);
      transports.push(t);
      return t;
    },
    { ...FAST, ...opts.session },
  );
  sessions.push(session);
  const events = record(session);
  session.start();
  return { sim, session, events, transports };
}

async function until(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function firstOf<T>(recorded: [T][]): T {
  const entry = recorded[0];
  assert.ok(entry, 'no event recorded');
  return entry[0];
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isReadReply = (reply: Uint8Array) => reply.length > 1000;

describe('ReaderSession', () => {
  it('checks the SAM at open, then reports ok', async () => {
    const { events, session } = rig({});
    await until('health ok', () => session.health.state === 'ok');
    assert.equal(events.health.at(-1)?.[0].state, 'ok');
    assert.equal(events.card.length, 0);
  });

  it('reads one card per placement and reports the removal', async () => {
    const { sim, events, session } = rig({});
    await until('ok', () => session.health.state === 'ok');
    sim.place(loadSimCard('hmt-chen'));
    await until('card', () => events.card.length === 1);
    await settle(60);
    assert.equal(events.card.length, 1, 'a card left on the reader is read once');
    assert.equal(firstOf(events.card).passNumber, 'H12345678');
    sim.remove();
    await until('removed', () => events.removed.length === 1);
    sim.place(loadSimCard('resident-li'));
    await until('second card', () => events.card.length === 2);
  });

  it('reports a card pulled out mid-read once, cleanly, and reads it when placed again', async () => {
    const sim = new SamSimulator();
    let pull = true;
    const { events, session } = rig({
      simulator: sim,
      transport: {
        tamper: (reply) => {
          if (!pull || !isReadReply(reply)) return reply;
          pull = false;
          sim.remove();
          return buildResponseFrame(0x41);
        },
      },
    });
    await until('ok', () => session.health.state === 'ok');
    sim.place(loadSimCard('resident-zhang'));
    await until('read-failed', () => events['read-failed'].length === 1);
    const failure: ReadFailure = firstOf(events['read-failed']);
    assert.equal(failure.reason, 'card-removed-mid-read');
    assert.equal(failure.verdict?.verdict, 'read-failed');
    assert.equal(events.card.length, 0);
    assert.equal(events.removed.length, 0, "no 'removed' for a card that was never reported");
    sim.place(loadSimCard('resident-zhang'));
    await until('card', () => events.card.length === 1);
    assert.equal(events['read-failed'].length, 1);
  });

  it('retries a garbled read reply and still emits exactly one card', async () => {
    let corrupt = 1;
    const { sim, events, session } = rig({
      transport: {
        tamper: (reply) => {
          if (corrupt > 0 && isReadReply(reply)) {
            corrupt--;
            const bad = reply.slice();
            bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
            return bad;
          }
          return reply;
        },
      },
    });
    await until('ok', () => session.health.state === 'ok');
    sim.place(loadSimCard('foreign-2017-smith'));
    await until('card', () => events.card.length === 1);
    assert.equal(corrupt, 0, 'the garbled reply was delivered');
    assert.ok(firstOf(events.card).nameEn === 'SMITH JOHN WILLIAM', 'nameEn differs from the card');
    assert.equal(events['read-failed'].length, 0);
    assert.equal(session.health.state, 'ok');
  });

  it('tolerates a lost reply (timeout) without dropping the link', async () => {
    let drop = 1;
    const { sim, events, session } = rig({
      transport: {
        tamper: (reply) => {
          if (drop === 0 || !isReadReply(reply)) return reply;
          drop--;
          return null;
        },
      },
    });
    await until('ok', () => session.health.state === 'ok');
    sim.place(loadSimCard('resident-li'));
    await until('card', () => events.card.length === 1, 4000);
    assert.equal(drop, 0, 'the reply was dropped');
    assert.ok(events.health.every(([h]) => h.state !== 'disconnected' || h.detail === 'not opened yet'));
  });

  it("reports an unreadable card once and 'removed' when it leaves", async () => {
    const { sim, events, session } = rig({
      sim: { findWhileSelected: 'found' },
      transport: { tamper: (reply) => (isReadReply(reply) ? buildResponseFrame(0x41) : reply) },
      session: { readAttempts: 2 },
    });
    await until('ok', () => session.health.state === 'ok');
    sim.place(loadSimCard('resident-li'));
    await until('read-failed', () => events['read-failed'].length === 1);
    await settle(60);
    assert.equal(events['read-failed'].length, 1, 'not repeated while the card stays');
    assert.equal(firstOf(events['read-failed']).reason, 'unreadable');
    sim.remove();
    await until('removed', () => events.removed.length === 1);
  });

  it('shows a SAM self-test failure as fault health and recovers when it clears', async () => {
    const { sim, events, session } = rig({});
    sim.setSelfTestFailure(true);
    await until('fault', () => session.health.state === 'fault');
    assert.match(session.health.detail ?? '', /self-test/);
    sim.setSelfTestFailure(false);
    await until('ok again', () => session.health.state === 'ok');
    sim.place(loadSimCard('resident-li'));
    await until('card', () => events.card.length === 1);
  });

  it('reconnects an unplugged reader with capped backoff, visible as health', async () => {
    const sim = new SamSimulator();
    const attempts: number[] = [];
    let plugged = true;
    let current: InProcessTransport | null = null;
    const session = new ReaderSession(async (): Promise<ByteTransport> => {
      attempts.push(Date.now());
      if (!plugged) throw new ReaderLinkError('LINK_OPEN_FAILED', 'cannot open serial port: no such device');
      current = new InProcessTransport(sim);
      return current;
    }, FAST);
    sessions.push(session);
    const events = record(session.start());
    await until('ok', () => session.health.state === 'ok');
    sim.place(loadSimCard('resident-li'));
    await until('card', () => events.card.length === 1);

    plugged = false;
    const before = attempts.length;
    (current as InProcessTransport | null)?.unplug();
    await until('disconnected', () => session.health.state === 'disconnected');
    assert.equal(events.removed.length, 1, 'a card shown on a lost reader is reported gone');
    await until('several failed reopen attempts', () => attempts.length >= before + 5, 3000);
    // The delays the session chose, as its health tells an operator (wall-clock gaps would
    // measure the machine's load, not the backoff).
    const delays = events.health
      .map(([h]) => /retrying in (\d+) ms$/.exec((h as ReaderHealth).detail ?? '')?.[1])
      .filter((d): d is string => d !== undefined)
      .map(Number);
    assert.ok(delays.length >= 4, `health named the retry delay only ${delays.length} times`);
    assert.ok(
      delays.every((d) => d <= 80 * 1.1),
      `delays ${delays} exceed the cap`,
    );
    assert.ok((delays.at(-1) ?? 0) > (delays[0] ?? 0) * 2, `delays ${delays} do not back off`);

    plugged = true;
    await until('ok after replug', () => session.health.state === 'ok', 2000);
    const states = events.health.map(([h]) => (h as ReaderHealth).state);
    assert.deepEqual(states.slice(-2), ['disconnected', 'ok']);
  });

  it('stops polling and closes the transport on close()', async () => {
    const { session, transports } = rig({});
    await until('ok', () => session.health.state === 'ok');
    await session.close();
    assert.equal(session.health.state, 'disconnected');
    assert.ok(transports.every((t) => !t.isOpen));
  });
});
