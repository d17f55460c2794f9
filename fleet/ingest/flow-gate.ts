/**
 * Backpressure for the ingest worker. MQTT.js reads the next packet only after the previous one's
 * handler has called back, so holding that callback while too many transactions wait for the
 * database stops reading from the socket: the broker then queues (and past its limit drops,
 * which costs nothing because the kiosks resend unacked transactions). Without this, a fleet's
 * post-outage drain into a slow database would pile up in the worker's memory.
 */
export interface FlowGate {
  /** Resolves at once below the high mark; otherwise once the level is back under the low mark. */
  pass(): Promise<void>;
  /** Call whenever the level may have dropped. */
  check(): void;
  readonly held: number;
}

export function createFlowGate(opts: { high: number; low: number; level: () => number }): FlowGate {
  const waiting: Array<() => void> = [];
  const open = Promise.resolve();
  return {
    pass() {
      if (opts.level() <= opts.high) return open;
      return new Promise((resolve) => waiting.push(resolve));
    },
    check() {
      if (waiting.length === 0 || opts.level() > opts.low) return;
      for (const release of waiting.splice(0)) release();
    },
    get held() {
      return waiting.length;
    },
  };
}
