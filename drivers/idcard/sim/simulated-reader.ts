/**
 * A whole simulated reader on a virtual serial port: socat makes the pty pair, the SAM simulator is
 * served on one end, and the driver opens the other (`devicePath`).
 */
import { SerialPort } from 'serialport';
import { openPtyPair, type PtyPair } from '../../shared/pty-pair.ts';
import { SamSimulator, type SamSimulatorOptions } from './sam-simulator.ts';
import type { SimCard } from './sim-card.ts';
import { type SamDelayProfile, type SimFaults, SimServer, type SimServerOptions } from './sim-server.ts';

export interface SimulatedReaderOptions extends SamSimulatorOptions {
  baudRate?: number;
  /** SAM processing time per command (default 0: wire time only); a profile sets find/select/read apart. */
  samDelayMs?: number | SamDelayProfile;
  seed?: number;
  /** Serve an existing serial device (e.g. one end of a pair made elsewhere) instead of making a pty pair. */
  port?: string;
  onExchange?: SimServerOptions['onExchange'];
}

export interface SimulatedReader {
  /** The pty the driver should open ('' when serving an existing port given in `port`). */
  devicePath: string;
  /** The device the simulator itself has open. */
  samPath: string;
  readonly sim: SamSimulator;
  readonly faults: SimFaults;
  place(card: SimCard): void;
  remove(): void;
  /** Resolves when every request received so far has been answered. */
  idle(): Promise<void>;
  /** Kills socat and closes the port. */
  close(): Promise<void>;
}

export async function startSimulatedReader(opts: SimulatedReaderOptions = {}): Promise<SimulatedReader> {
  const baudRate = opts.baudRate ?? 115200;
  let pair: PtyPair | null = null;
  let samPath: string;
  let devicePath = '';
  if (opts.port) samPath = opts.port;
  else {
    pair = await openPtyPair();
    samPath = pair.deviceEnd;
    devicePath = pair.hostEnd;
  }
  const port = new SerialPort({ path: samPath, baudRate, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    await pair?.close();
    throw err;
  }
  port.on('error', () => {});
  const sim = new SamSimulator(opts);
  const server = new SimServer(port, sim, {
    baudRate,
    ...(opts.samDelayMs !== undefined ? { samDelayMs: opts.samDelayMs } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.onExchange ? { onExchange: opts.onExchange } : {}),
  });
  let closed = false;
  return {
    devicePath,
    samPath,
    sim,
    faults: server.faults,
    place: (card) => sim.place(card),
    remove: () => sim.remove(),
    idle: () => server.idle(),
    close: async () => {
      if (closed) return;
      closed = true;
      server.close();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
      await pair?.close();
    },
  };
}
