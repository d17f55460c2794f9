/**
 * The simulated ID card reader: the SAM simulator behind a socat pty pair, which the real serial
 * driver opens like any reader. Where socat is not installed (a bare machine running `npm start`),
 * the same simulator answers the same frames in-process and a line says how to get the pty version.
 */
import { existsSync } from 'node:fs';
import {
  type IdCardReader,
  InProcessTransport,
  ReaderSession,
  SamSimulator,
  type SimCard,
  startSimulatedReader,
} from '../../drivers/idcard/index.ts';

export interface SimReaderHandle {
  /** Where the driver reads from: a /dev/pts path, or a description of the in-process link. */
  devicePath: string;
  place(card: SimCard): void;
  remove(): void;
  /** Served in-process (no socat): the driver already bound to the simulator. Null on a pty. */
  inProcessReader: IdCardReader | null;
  close(): Promise<void>;
}

export const SOCAT_PATHS = ['/usr/bin/socat', '/bin/socat', '/usr/local/bin/socat'];

export function socatInstalled(): boolean {
  return SOCAT_PATHS.some((p) => existsSync(p));
}

export async function startSimReader(opts: {
  pollIntervalMs: number;
  forceInProcess?: boolean;
}): Promise<SimReaderHandle> {
  if (!opts.forceInProcess && socatInstalled()) {
    const sim = await startSimulatedReader();
    return {
      devicePath: sim.devicePath,
      place: (card) => sim.place(card),
      remove: () => sim.remove(),
      inProcessReader: null,
      close: () => sim.close(),
    };
  }
  const sam = new SamSimulator();
  const reader = new ReaderSession(async () => new InProcessTransport(sam), {
    pollIntervalMs: opts.pollIntervalMs,
  }).start();
  return {
    devicePath: 'in-process link (install socat for a virtual serial port: apt-get install socat)',
    place: (card) => sam.place(card),
    remove: () => sam.remove(),
    inProcessReader: reader,
    close: () => reader.close(),
  };
}
