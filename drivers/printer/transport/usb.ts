import { PrinterConnectionLostError, PrinterUnreachableError } from '../errors.ts';
import { DeviceFileTransport } from './device-file.ts';
import type { PrinterTransport, TransportHandlers } from './transport.ts';
import { listUsbPrinters, type UsbScanRoots } from './usb-printers.ts';

/**
 * 'usb:VID:PID[?serial=…]': the USB printer with that fingerprint, wherever usblp put it this
 * time. The device node is looked up on every (re)connect, so replugging into another port works.
 */
export class UsbPrinterTransport implements PrinterTransport {
  readonly target: string;
  private inner: DeviceFileTransport | undefined;

  constructor(
    private readonly vendorId: string,
    private readonly productId: string,
    private readonly serialNumber: string | undefined,
    readonly twoWay: boolean,
    private readonly roots: UsbScanRoots = {},
  ) {
    this.target = `usb:${vendorId}:${productId}${serialNumber ? `?serial=${serialNumber}` : ''}`;
  }

  async open(handlers: TransportHandlers): Promise<void> {
    const devices = await listUsbPrinters(this.roots);
    const device = devices.find(
      (d) =>
        d.vendorId === this.vendorId &&
        d.productId === this.productId &&
        (this.serialNumber === undefined || d.serialNumber === this.serialNumber),
    );
    if (!device) throw new PrinterUnreachableError(this.target, 'no such USB printer attached');
    this.inner = new DeviceFileTransport(device.path, this.twoWay);
    await this.inner.open(handlers);
  }

  write(bytes: Buffer): Promise<void> {
    if (!this.inner) return Promise.reject(new PrinterConnectionLostError(this.target, 'not open'));
    return this.inner.write(bytes);
  }

  async close(): Promise<void> {
    await this.inner?.close();
    this.inner = undefined;
  }
}
