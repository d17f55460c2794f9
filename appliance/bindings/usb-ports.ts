/**
 * Serial devices named by USB VID:PID in the configuration: the /dev path is looked up on every
 * (re)connect, because ttyUSB and ttyACM numbers change with plug order and between boots. The
 * drivers' fingerprint tables say what such a device is, for the health line and the log.
 */
import { READER_FINGERPRINTS } from '../../drivers/idcard/index.ts';
import { SCANNER_FINGERPRINTS } from '../../drivers/scanner/index.ts';

export interface UsbIds {
  vendorId: number;
  productId: number;
}

export function parseUsbId(text: string): UsbIds {
  const [vid = '', pid = ''] = text.split(':');
  return { vendorId: Number.parseInt(vid, 16), productId: Number.parseInt(pid, 16) };
}

const hex = (ids: UsbIds) =>
  `${ids.vendorId.toString(16).padStart(4, '0')}:${ids.productId.toString(16).padStart(4, '0')}`;

/** What the fingerprint tables know of a device of this class, or a plain "USB device VID:PID". */
export function describeUsbDevice(kind: 'reader' | 'scanner', ids: UsbIds): string {
  const known =
    kind === 'reader'
      ? READER_FINGERPRINTS.find((f) => f.vendorId === ids.vendorId && f.productId === ids.productId)
      : (SCANNER_FINGERPRINTS.find((f) => f.vendorId === ids.vendorId && f.productId === ids.productId) ??
        SCANNER_FINGERPRINTS.find((f) => f.vendorId === ids.vendorId && f.productId === undefined));
  return known
    ? `${known.name} (${hex(ids)})`
    : `USB device ${hex(ids)}, not in the ${kind} fingerprint table`;
}

export class UsbDeviceAbsentError extends Error {
  constructor(readonly ids: UsbIds) {
    super(`no serial device ${hex(ids)} is attached`);
    this.name = 'UsbDeviceAbsentError';
  }
}

/** The serial port of the attached device with these IDs; throws UsbDeviceAbsentError when there is none. */
export async function findSerialPort(ids: UsbIds): Promise<string> {
  const { SerialPort } = await import('serialport');
  for (const port of await SerialPort.list()) {
    const vid = port.vendorId ? Number.parseInt(port.vendorId.replace(/^0x/i, ''), 16) : Number.NaN;
    const pid = port.productId ? Number.parseInt(port.productId.replace(/^0x/i, ''), 16) : Number.NaN;
    if (vid === ids.vendorId && pid === ids.productId) return port.path;
  }
  throw new UsbDeviceAbsentError(ids);
}
