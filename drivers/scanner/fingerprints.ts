/**
 * Scanners are recognised by USB VID/PID, not by /dev paths. Most scanner makers use one vendor ID
 * for all their scanners and change the product ID with the interface mode (keyboard, COM port
 * emulation, HID-POS), so most entries match a whole vendor. `certainty` says where an ID comes from:
 * 'documented' = from a maker's integration guide; 'guess' = seen in public device lists, unconfirmed
 * on real hardware here. A generic USB-serial bridge may have a scanner behind it or anything else,
 * so it is offered for the installer to confirm, never picked silently.
 */
import { type UsbDeviceInfo, usbId } from '../shared/usb-device.ts';

export interface ScannerFingerprint {
  vendorId: number;
  /** Omitted: any product of this vendor. */
  productId?: number;
  name: string;
  /** How the scanner shows up: as a keyboard (HID), as a serial port, or either depending on its mode. */
  transport: 'hid' | 'serial' | 'either';
  certainty: 'documented' | 'guess';
  /** A chip used by many unrelated devices. */
  conflictProne: boolean;
}

export const SCANNER_FINGERPRINTS: readonly ScannerFingerprint[] = [
  {
    vendorId: 0x05e0,
    productId: 0x1200,
    name: 'Zebra/Symbol scanner, HID keyboard emulation',
    transport: 'hid',
    certainty: 'documented',
    conflictProne: false,
  },
  {
    vendorId: 0x05e0,
    productId: 0x0600,
    name: 'Zebra/Symbol scanner, simple COM port emulation',
    transport: 'serial',
    certainty: 'documented',
    conflictProne: false,
  },
  {
    vendorId: 0x05e0,
    name: 'Zebra/Symbol scanner',
    transport: 'either',
    certainty: 'guess',
    conflictProne: false,
  },
  {
    vendorId: 0x0c2e,
    name: 'Honeywell (Metrologic) scanner',
    transport: 'either',
    certainty: 'guess',
    conflictProne: false,
  },
  {
    vendorId: 0x0536,
    name: 'Honeywell Hand Held Products scanner',
    transport: 'either',
    certainty: 'guess',
    conflictProne: false,
  },
  {
    vendorId: 0x1eab,
    name: 'Newland (新大陆) scanner',
    transport: 'either',
    certainty: 'guess',
    conflictProne: false,
  },
  {
    vendorId: 0x05f9,
    name: 'Datalogic (PSC) scanner',
    transport: 'either',
    certainty: 'guess',
    conflictProne: false,
  },
  {
    vendorId: 0x080c,
    name: 'Datalogic scanner',
    transport: 'either',
    certainty: 'guess',
    conflictProne: false,
  },
  {
    vendorId: 0x2dd6,
    name: 'GSAN (景松) scanner',
    transport: 'either',
    certainty: 'guess',
    conflictProne: false,
  },
  { vendorId: 0x26f1, name: 'RTscan scanner', transport: 'either', certainty: 'guess', conflictProne: false },
  {
    vendorId: 0x1a86,
    productId: 0x7523,
    name: 'CH340 USB-serial bridge',
    transport: 'serial',
    certainty: 'documented',
    conflictProne: true,
  },
  {
    vendorId: 0x10c4,
    productId: 0xea60,
    name: 'CP210x USB-serial bridge',
    transport: 'serial',
    certainty: 'documented',
    conflictProne: true,
  },
  {
    vendorId: 0x0403,
    productId: 0x6001,
    name: 'FTDI FT232R USB-serial bridge',
    transport: 'serial',
    certainty: 'documented',
    conflictProne: true,
  },
  {
    vendorId: 0x067b,
    productId: 0x2303,
    name: 'Prolific PL2303 USB-serial bridge',
    transport: 'serial',
    certainty: 'documented',
    conflictProne: true,
  },
];

export interface ScannerCandidate {
  path: string;
  vendorId: number;
  productId: number;
  transport: 'hid' | 'serial';
  fingerprint: ScannerFingerprint;
  /** 'exact': a scanner maker's ID; 'confirm': a generic bridge the installer must confirm. */
  match: 'exact' | 'confirm';
}

/** The most specific fingerprint for a device seen on one transport, or null. */
export function matchScanner(device: UsbDeviceInfo, transport: 'hid' | 'serial'): ScannerCandidate | null {
  const vendorId = usbId(device.vendorId);
  const productId = usbId(device.productId);
  if (vendorId === null || productId === null || !device.path) return null;
  const fits = (f: ScannerFingerprint) =>
    f.vendorId === vendorId && (f.transport === 'either' || f.transport === transport);
  const fingerprint =
    SCANNER_FINGERPRINTS.find((f) => fits(f) && f.productId === productId) ??
    SCANNER_FINGERPRINTS.find((f) => fits(f) && f.productId === undefined);
  if (!fingerprint) return null;
  const match = fingerprint.conflictProne ? 'confirm' : 'exact';
  return { path: device.path, vendorId, productId, transport, fingerprint, match };
}

/**
 * Serial ports and HID devices that look like scanners, exact matches first. node-hid is loaded only
 * when `includeHid` is set.
 */
export async function findScanners(options: { includeHid?: boolean } = {}): Promise<ScannerCandidate[]> {
  const { SerialPort } = await import('serialport');
  const found: ScannerCandidate[] = [];
  for (const port of await SerialPort.list()) {
    const c = matchScanner(port, 'serial');
    if (c) found.push(c);
  }
  if (options.includeHid) {
    const hid = await import('node-hid');
    for (const device of await hid.devicesAsync()) {
      // A keyboard-wedge scanner is a boot keyboard: usage page 1 (generic desktop), usage 6.
      if (device.usagePage !== undefined && (device.usagePage !== 1 || device.usage !== 6)) continue;
      const c = matchScanner(device, 'hid');
      if (c) found.push(c);
    }
  }
  return found.sort((a, b) => (a.match === b.match ? 0 : a.match === 'exact' ? -1 : 1));
}

export type { UsbDeviceInfo };
