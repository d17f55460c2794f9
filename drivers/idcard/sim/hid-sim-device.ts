/**
 * A simulated Miaxis-style USB-HID reader: unwraps host reports, lets the SAM simulator answer, and
 * sends the reply back wrapped in (possibly several) 64-byte reports. Plugs into HidTransport in place
 * of node-hid's device.
 */
import { EventEmitter } from 'node:events';
import type { HidDeviceLike } from '../link/hid-transport.ts';
import {
  MIAXIS_HOST_FLAG,
  MIAXIS_SIM_REPLY_FLAG,
  ReportAssembler,
  toReports,
  wrapPacket,
} from '../link/miaxis-wrapper.ts';
import type { SamSimulator } from './sam-simulator.ts';

export class HidSimDevice extends EventEmitter implements HidDeviceLike {
  readonly #sim: SamSimulator;
  readonly #assembler = new ReportAssembler((flag) => flag === MIAXIS_HOST_FLAG);
  #open = true;
  /** Reports written by the host (without the report ID), for byte-level assertions. */
  readonly written: Uint8Array[] = [];

  constructor(sim: SamSimulator) {
    super();
    this.#sim = sim;
  }

  async write(values: number[] | Buffer): Promise<number> {
    if (!this.#open) throw new Error('HID device closed');
    const report = Uint8Array.from(values).subarray(1); // drop the report ID
    this.written.push(report);
    for (const e of this.#assembler.push(report)) {
      if (e.kind !== 'packet') continue;
      for (const reply of this.#sim.feedFrames(e.packet.payload)) {
        const reports = toReports(wrapPacket(MIAXIS_SIM_REPLY_FLAG, e.packet.seq, reply, e.packet.cmd));
        setImmediate(() => {
          for (const r of reports) if (this.#open) this.emit('data', Buffer.from(r));
        });
      }
    }
    return values.length;
  }

  /** The cable is pulled. */
  unplug(): void {
    this.#open = false;
    this.emit('error', new Error('could not read from HID device'));
  }

  async close(): Promise<void> {
    this.#open = false;
  }
}
