/**
 * USB-HID transport for readers that carry GA 467 frames inside the Miaxis report wrapper. node-hid is
 * loaded lazily, only when a HID reader is configured, so kiosks with serial readers never load it.
 */
import { EventEmitter } from 'node:events';
import { ReaderLinkError } from './errors.ts';
import { MIAXIS_HOST_FLAG, ReportAssembler, toReports, wrapPacket } from './miaxis-wrapper.ts';
import type { ByteTransport, TransportEvents } from './transport.ts';

/** What the transport needs from a HID device: node-hid's HIDAsync, or a fake in tests. */
export interface HidDeviceLike {
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export interface HidReaderAddress {
  vendorId: number;
  productId: number;
  /** hidraw path, when several identical readers are attached. */
  path?: string;
}

export class HidTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  readonly description: string;
  readonly #device: HidDeviceLike;
  readonly #assembler = new ReportAssembler((flag) => flag !== MIAXIS_HOST_FLAG);
  #seq = 0;
  #open = true;

  constructor(device: HidDeviceLike, description: string) {
    super();
    this.#device = device;
    this.description = description;
    device.on('data', (report) => {
      for (const e of this.#assembler.push(new Uint8Array(report.buffer, report.byteOffset, report.length))) {
        if (e.kind === 'packet') this.emit('data', e.packet.payload);
      }
    });
    device.on('error', (err) => {
      if (!this.#open) return;
      this.#open = false;
      this.emit('close', err);
    });
  }

  static async open(address: HidReaderAddress): Promise<HidTransport> {
    const where = `${hex4(address.vendorId)}:${hex4(address.productId)}${address.path ? ` (${address.path})` : ''}`;
    let hid: typeof import('node-hid');
    try {
      hid = await import('node-hid');
    } catch (err) {
      throw new ReaderLinkError('LINK_OPEN_FAILED', `node-hid cannot be loaded: ${(err as Error).message}`, {
        cause: err,
      });
    }
    try {
      const device = address.path
        ? await hid.HIDAsync.open(address.path)
        : await hid.HIDAsync.open(address.vendorId, address.productId);
      return new HidTransport(device as unknown as HidDeviceLike, `USB-HID ${where}`);
    } catch (err) {
      throw new ReaderLinkError(
        'LINK_OPEN_FAILED',
        `cannot open HID reader ${where}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  get isOpen(): boolean {
    return this.#open;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) throw new ReaderLinkError('LINK_CLOSED', `${this.description} is closed`);
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#assembler.reset();
    try {
      for (const report of toReports(wrapPacket(MIAXIS_HOST_FLAG, this.#seq, bytes))) {
        // Report ID 0 first: the reader uses unnumbered reports.
        await this.#device.write(Buffer.from([0x00, ...report]));
      }
    } catch (err) {
      throw new ReaderLinkError(
        'LINK_WRITE_FAILED',
        `write to ${this.description} failed: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.#device.close().catch(() => {});
    this.emit('close', undefined);
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
