/**
 * Readers are recognised by USB VID/PID, not by /dev paths. Dedicated readers match exactly; a generic
 * USB-serial bridge may have a serial reader behind it, or anything else, so it is offered for the
 * installer to confirm, never picked silently.
 */
import { type UsbDeviceInfo, usbId } from '../../shared/usb-device.ts';

export interface ReaderFingerprint {
  vendorId: number;
  productId: number;
  name: string;
  transport: 'serial' | 'hid';
  /** A chip used by many unrelated devices. */
  conflictProne: boolean;
  source: string;
}

export const READER_FINGERPRINTS: readonly ReaderFingerprint[] = [
  {
    vendorId: 0x10c4,
    productId: 0x0007,
    name: 'Miaxis MR-300 ID card reader (USB-HID)',
    transport: 'hid',
    conflictProne: false,
    source: 'reference §1.3 [U]',
  },
  {
    vendorId: 0x203b,
    productId: 0x0101,
    name: 'Miaxis MR-300 ID card reader, older firmware (USB-HID)',
    transport: 'hid',
    conflictProne: false,
    source: 'reference §1.3 [U]',
  },
  {
    vendorId: 0x1a86,
    productId: 0x7523,
    name: 'CH340 USB-serial bridge',
    transport: 'serial',
    conflictProne: true,
    source: 'generic bridge',
  },
  {
    vendorId: 0x10c4,
    productId: 0xea60,
    name: 'CP210x USB-serial bridge',
    transport: 'serial',
    conflictProne: true,
    source: 'generic bridge',
  },
  {
    vendorId: 0x0403,
    productId: 0x6001,
    name: 'FTDI FT232R USB-serial bridge',
    transport: 'serial',
    conflictProne: true,
    source: 'generic bridge',
  },
  {
    vendorId: 0x067b,
    productId: 0x2303,
    name: 'Prolific PL2303 USB-serial bridge',
    transport: 'serial',
    conflictProne: true,
    source: 'generic bridge',
  },
];

export interface ReaderCandidate {
  path: string;
  fingerprint: ReaderFingerprint;
  /** 'exact': a known reader; 'confirm': a generic bridge the installer must confirm. */
  match: 'exact' | 'confirm';
}

export function matchReader(device: UsbDeviceInfo, transport: 'serial' | 'hid'): ReaderCandidate | null {
  const vid = usbId(device.vendorId);
  const pid = usbId(device.productId);
  if (vid === null || pid === null || !device.path) return null;
  const fp = READER_FINGERPRINTS.find(
    (f) => f.vendorId === vid && f.productId === pid && f.transport === transport,
  );
  if (!fp) return null;
  return { path: device.path, fingerprint: fp, match: fp.conflictProne ? 'confirm' : 'exact' };
}

/** Serial ports and (when asked) HID devices that look like ID card readers, exact matches first. */
export async function findReaders(options: { includeHid?: boolean } = {}): Promise<ReaderCandidate[]> {
  const { SerialPort } = await import('serialport');
  const found: ReaderCandidate[] = [];
  for (const port of await SerialPort.list()) {
    const c = matchReader(port, 'serial');
    if (c) found.push(c);
  }
  if (options.includeHid) {
    const hid = await import('node-hid');
    for (const device of await hid.devicesAsync()) {
      const c = matchReader(device, 'hid');
      if (c) found.push(c);
    }
  }
  return found.sort((a, b) => (a.match === b.match ? 0 : a.match === 'exact' ? -1 : 1));
}

export type { UsbDeviceInfo };
