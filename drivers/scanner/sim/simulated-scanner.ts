/**
 * A simulated scanner that speaks the same bytes as a real one: as a keyboard-wedge HID device it
 * emits boot-keyboard reports (plug `hidDevice` in where node-hid's device would go); in serial line
 * mode it writes the code and its terminator to the far end of a socat pty pair.
 */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { openPtyPair, type PtyPair } from '../../shared/pty-pair.ts';
import type { HidDeviceLike } from '../hid/hid-source.ts';
import { type HidReportOptions, toHidReports, toSerialBytes } from './hid-reports.ts';

export interface HidScanOptions extends HidReportOptions {
  /** Pause between reports, as the USB interrupt interval spaces them. Default 0 (same tick). */
  gapMs?: number;
}

export interface SerialScanOptions {
  terminator?: 'CR' | 'LF' | 'CRLF';
  /** Write the bytes in chunks of this size, with chunkGapMs between them. Default: one write. */
  chunkSize?: number;
  chunkGapMs?: number;
}

/** The fake node-hid device the simulator drives. */
export class SimulatedHidDevice extends EventEmitter implements HidDeviceLike {
  #open = true;

  get isOpen(): boolean {
    return this.#open;
  }

  send(report: Uint8Array): void {
    if (this.#open) this.emit('data', Buffer.from(report));
  }

  /** The cable is pulled: node-hid reports a read error. */
  unplug(): void {
    if (!this.#open) return;
    this.#open = false;
    this.emit('error', new Error('could not read from HID device'));
  }

  async close(): Promise<void> {
    this.#open = false;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class SimulatedScanner {
  static readonly toHidReports = toHidReports;
  static readonly toSerialBytes = toSerialBytes;

  /** Opened devices, newest last; a reconnecting driver opens a fresh one each time. */
  readonly hidDevices: SimulatedHidDevice[] = [];
  #pty: PtyPair | null = null;
  #serialEnd: SerialPort | null = null;

  /** Pass as `openDevice` to openHidScanner: each open gets a fresh simulated device. */
  readonly openHidDevice = async (): Promise<HidDeviceLike> => {
    const device = new SimulatedHidDevice();
    this.hidDevices.push(device);
    return device;
  };

  get hidDevice(): SimulatedHidDevice | undefined {
    return this.hidDevices.at(-1);
  }

  /** Sends the report sequence for `text` to the currently open HID device. */
  async scanHid(text: string, options: HidScanOptions = {}): Promise<void> {
    await this.sendReports(toHidReports(text, options), options.gapMs ?? 0);
  }

  async sendReports(reports: Uint8Array[], gapMs = 0): Promise<void> {
    const device = this.hidDevice;
    if (!device) throw new Error('no simulated HID device is open');
    for (const report of reports) {
      device.send(report);
      if (gapMs > 0) await sleep(gapMs);
    }
  }

  /** Starts the serial side: a socat pty pair. Open the returned path with openSerialScanner. */
  async startSerial(baudRate = 9600): Promise<string> {
    if (this.#pty) return this.#pty.hostEnd;
    const pty = await openPtyPair();
    this.#pty = pty;
    const port = new SerialPort({ path: pty.deviceEnd, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('error', () => {});
    this.#serialEnd = port;
    return pty.hostEnd;
  }

  async scanSerial(text: string, options: SerialScanOptions = {}): Promise<void> {
    await this.writeSerial(toSerialBytes(text, options.terminator ?? 'CR'), options);
  }

  /** Raw bytes down the serial line (noise, half codes). */
  async writeSerial(bytes: Uint8Array, options: Omit<SerialScanOptions, 'terminator'> = {}): Promise<void> {
    const port = this.#serialEnd;
    if (!port) throw new Error('startSerial() first');
    const size = options.chunkSize ?? bytes.length;
    for (let at = 0; at < bytes.length; at += size) {
      await new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(bytes.subarray(at, at + size)), (err) => (err ? reject(err) : resolve()));
      });
      await new Promise<void>((resolve, reject) => port.drain((err) => (err ? reject(err) : resolve())));
      if (options.chunkGapMs && at + size < bytes.length) await sleep(options.chunkGapMs);
    }
  }

  /** Stops the serial side (socat exits: the host end disappears, like a pulled cable). */
  async close(): Promise<void> {
    for (const device of this.hidDevices) device.unplug();
    const port = this.#serialEnd;
    this.#serialEnd = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await this.#pty?.close();
    this.#pty = null;
  }
}
