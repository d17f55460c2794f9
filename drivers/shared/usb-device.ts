/**
 * A USB device as serialport's `SerialPort.list()` and node-hid's `devices()` describe it: IDs come
 * as numbers from node-hid and as hex strings ('1a86', '0x1A86') from serialport.
 */
export interface UsbDeviceInfo {
  path?: string | undefined;
  vendorId?: string | number | undefined;
  productId?: string | number | undefined;
}

/** A vendor or product ID as a number, or null when absent or unreadable. */
export function usbId(v: string | number | undefined): number | null {
  if (v === undefined) return null;
  if (typeof v === 'number') return v;
  const n = Number.parseInt(v.replace(/^0x/i, ''), 16);
  return Number.isNaN(n) ? null : n;
}
