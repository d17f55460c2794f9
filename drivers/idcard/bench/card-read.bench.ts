/**
 * Card placed → 'card' event, over a real socat pty at 115200 baud with no SAM delay, beside the wire
 * time of the same frames. The simulator paces its replies at the baud rate (host commands go out
 * unpaced, as a pty does not slow them), so overhead = latency − reply wire time: what polling,
 * framing, decoding and the event loop add.
 */
import { type BenchResult, median, percentile, round } from '../../../bench/types.ts';
import { openSerialReader } from '../index.ts';
import { COMMANDS, wireTimeMs } from '../protocol/commands.ts';
import { loadSimCard } from '../sim/sim-card.ts';
import { startSimulatedReader } from '../sim/simulated-reader.ts';

const BAUD = 115200;
const READS = 40;
const POLL_MS = 1;

function once(
  reader: ReturnType<typeof openSerialReader>,
  event: 'card' | 'removed',
  ms: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${ms} ms`)), ms);
    const done = (): void => {
      clearTimeout(timer);
      if (event === 'card') reader.off('card', done);
      else reader.off('removed', done);
      resolve();
    };
    if (event === 'card') reader.on('card', done);
    else reader.on('removed', done);
  });
}

export async function bench(): Promise<BenchResult> {
  const sim = await startSimulatedReader({ baudRate: BAUD, samDelayMs: 0 });
  const reader = openSerialReader({ path: sim.devicePath, baudRate: BAUD, pollIntervalMs: POLL_MS });
  const card = loadSimCard('resident-zhang');
  const latencies: number[] = [];
  try {
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (reader.health.state === 'ok') resolve();
        else setTimeout(check, 10);
      };
      check();
    });
    for (let i = 0; i < READS + 3; i++) {
      const seen = once(reader, 'card', 5000);
      const started = performance.now();
      sim.place(card);
      await seen;
      if (i >= 3) latencies.push(performance.now() - started); // the first reads warm the JIT
      const gone = once(reader, 'removed', 5000);
      sim.remove();
      await gone;
    }
  } finally {
    await reader.close();
    await sim.close();
  }

  const { findCard, selectCard, readBase } = COMMANDS;
  const replyBytes = findCard.replyBytes + selectCard.replyBytes + readBase.replyBytes;
  const allBytes = replyBytes + 3 * 10;
  const replyWire = wireTimeMs(replyBytes, BAUD);
  const med = median(latencies);
  const p95 = percentile(latencies, 95);
  return {
    name: 'idcard-card-read',
    metrics: {
      median_ms: round(med, 2),
      p95_ms: round(p95, 2),
      overhead_median_ms: round(med - replyWire, 2),
      overhead_p95_ms: round(p95 - replyWire, 2),
      reads: latencies.length,
    },
    anchor: {
      median_ms: round(wireTimeMs(allBytes, BAUD), 2),
      p95_ms: round(wireTimeMs(allBytes, BAUD), 2),
      reply_wire_ms: round(replyWire, 2),
      overhead_median_ms: 10,
    },
    ratio: { median_ms: round(med / wireTimeMs(allBytes, BAUD), 3) },
    notes:
      `find+select+read at ${BAUD} baud (${allBytes} bytes both ways, ${replyBytes} of them replies), poll ${POLL_MS} ms, ` +
      'SAM delay 0. Anchor: computed 8N1 wire time of the same frames; overhead anchor is the 10 ms goal.',
  };
}
