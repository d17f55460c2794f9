/**
 * A keyboard-wedge scanner read as a raw HID device through node-hid. node-hid is loaded lazily, only
 * when a HID scanner is opened, so kiosks with serial scanners never load the native module.
 *
 * On Linux the kernel's keyboard driver still sees the same reports: the scanner also types into the
 * focused window unless it is switched to HID-POS mode or its input device is grabbed (see README).
 */
import { ScannerLinkError } from '../errors.ts';
import { FramedSource } from '../session/source.ts';
import { KeyboardReportDecoder, type ReportDecoderOptions } from './report-decoder.ts';

/** What the source needs from a HID device: node-hid's HIDAsync, or the simulator's fake. */
export interface HidDeviceLike {
  close(): Promise<void>;
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export type HidScannerAddress = { vendorId: number; productId: number } | { path: string };

export class HidScanSource extends FramedSource {
  readonly #device: HidDeviceLike;

  constructor(device: HidDeviceLike, description: string, options: ReportDecoderOptions = {}) {
    super(new KeyboardReportDecoder(options), description);
    this.#device = device;
    device.on('data', (report) => this.feed(new Uint8Array(report.buffer, report.byteOffset, report.length)));
    device.on('error', (err) => this.ended(err));
  }

  static async open(address: HidScannerAddress, options: ReportDecoderOptions = {}): Promise<HidScanSource> {
    const where = describeAddress(address);
    let hid: typeof import('node-hid');
    try {
      hid = await import('node-hid');
    } catch (err) {
      throw new ScannerLinkError(
        'SCANNER_HID_UNAVAILABLE',
        `node-hid cannot be loaded: ${(err as Error).message}`,
        { cause: err },
      );
    }
    try {
      const device = await openDevice(hid, address);
      return new HidScanSource(device as unknown as HidDeviceLike, `USB-HID scanner ${where}`, options);
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      const code = /permission|access/i.test(message) ? 'SCANNER_NO_PERMISSION' : 'SCANNER_OPEN_FAILED';
      throw new ScannerLinkError(code, `cannot open HID scanner ${where}: ${message}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    await this.#device.close().catch(() => {});
    this.ended(undefined);
  }
}

async function openDevice(hid: typeof import('node-hid'), address: HidScannerAddress) {
  if ('path' in address) return hid.HIDAsync.open(address.path);
  const path = await keyboardInterfacePath(hid, address);
  return path ? hid.HIDAsync.open(path) : hid.HIDAsync.open(address.vendorId, address.productId);
}

/**
 * A scanner is often a composite device (keyboard plus a vendor interface for configuration); opening
 * by VID/PID alone may pick the wrong one. Prefer the boot keyboard interface (usage page 1, usage 6).
 */
async function keyboardInterfacePath(
  hid: typeof import('node-hid'),
  address: { vendorId: number; productId: number },
): Promise<string | undefined> {
  const devices = await hid.devicesAsync(address.vendorId, address.productId);
  return devices.find((d) => d.usagePage === 1 && d.usage === 6 && d.path)?.path;
}

export function describeAddress(address: HidScannerAddress): string {
  if ('path' in address) return address.path;
  return `${hex4(address.vendorId)}:${hex4(address.productId)}`;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
