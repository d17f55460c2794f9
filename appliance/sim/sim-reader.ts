/**
 * The simulated ID card reader for simulation mode: the SAM simulator behind a socat pty pair,
 * opened by the real serial driver. Where socat is not installed (a bare machine running
 * `npm start`), the same simulator answers the same frames in-process and a line says how to get
 * the pty version.
 */
import { existsSync } from 'node:fs';
import {
  type IdCardReader,
  InProcessTransport,
  openSerialReader,
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
  reader: IdCardReader;
  close(): Promise<void>;
}

export const SOCAT_PATHS = ['/usr/bin/socat', '/bin/socat', '/usr/local/bin/socat'];

export async function startSimReader(opts: {
  pollIntervalMs: number;
  forceInProcess?: boolean;
}): Promise<SimReaderHandle> {
  if (!opts.forceInProcess && SOCAT_PATHS.some((p) => existsSync(p))) {
    const sim = await startSimulatedReader();
    const reader = openSerialReader({
      path: sim.devicePath,
      baudRate: 115200,
      pollIntervalMs: opts.pollIntervalMs,
    });
    return {
      devicePath: sim.devicePath,
      place: (card) => sim.place(card),
      remove: () => sim.remove(),
      reader,
      close: async () => {
        await reader.close();
        await sim.close();
      },
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
    reader,
    close: () => reader.close(),
  };
}
