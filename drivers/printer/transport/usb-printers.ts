import { readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Finds USB printer-class devices (Linux usblp: /dev/usb/lpN) by VID/PID, because the lpN
 * number changes with plug order and between boots. Reads sysfs only; no native modules.
 */
export interface UsbPrinterDevice {
  /** e.g. '/dev/usb/lp0' */
  path: string;
  vendorId: string;
  productId: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  /** The matching entry of the fingerprint table, when the model is known. */
  fingerprint?: UsbPrinterFingerprint;
}

export interface UsbPrinterFingerprint {
  vendorId: string;
  productId?: string;
  name: string;
  profileId: string;
  /** The VID/PID is shared by many unrelated models (generic chips): ask the installer to confirm. */
  conflictProne?: boolean;
}

/**
 * Known printers. The Winbond-derived 0416:5011 is used by many China-market POS printers
 * (Xprinter, Gprinter and others), so it says nothing about the model.
 */
export const USB_PRINTER_FINGERPRINTS: UsbPrinterFingerprint[] = [
  {
    vendorId: '0416',
    productId: '5011',
    name: 'Generic China-market POS printer (Winbond USB)',
    profileId: 'generic-80mm-zh',
    conflictProne: true,
  },
  { vendorId: '04b8', productId: '0202', name: 'Epson TM-series receipt printer', profileId: 'epson-tm-t88' },
  { vendorId: '04b8', name: 'Epson printer (other model)', profileId: 'epson-tm-t88', conflictProne: true },
  { vendorId: '154f', name: 'SNBC receipt printer', profileId: 'generic-80mm-zh' },
];

export function matchFingerprint(vendorId: string, productId: string): UsbPrinterFingerprint | undefined {
  const vid = vendorId.toLowerCase();
  const pid = productId.toLowerCase();
  return (
    USB_PRINTER_FINGERPRINTS.find((f) => f.vendorId === vid && f.productId === pid) ??
    USB_PRINTER_FINGERPRINTS.find((f) => f.vendorId === vid && f.productId === undefined)
  );
}

export interface UsbScanRoots {
  /** Where sysfs is mounted (tests pass a fake tree). */
  sysRoot?: string;
  devRoot?: string;
}

async function readAttr(dir: string, name: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, name), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

export async function listUsbPrinters(roots: UsbScanRoots = {}): Promise<UsbPrinterDevice[]> {
  const sys = roots.sysRoot ?? '/sys';
  const dev = roots.devRoot ?? '/dev';
  let names: string[];
  try {
    names = (await readdir(join(sys, 'class/usbmisc'))).filter((n) => /^lp\d+$/.test(n)).sort();
  } catch {
    return [];
  }
  const out: UsbPrinterDevice[] = [];
  for (const name of names) {
    let usbDevice: string;
    try {
      // …/usbmisc/lpN/device is the USB interface (1-1:1.0); its parent holds idVendor/idProduct.
      usbDevice = dirname(await realpath(join(sys, 'class/usbmisc', name, 'device')));
    } catch {
      continue;
    }
    const vendorId = await readAttr(usbDevice, 'idVendor');
    const productId = await readAttr(usbDevice, 'idProduct');
    if (!vendorId || !productId) continue;
    const device: UsbPrinterDevice = { path: join(dev, 'usb', name), vendorId, productId };
    const manufacturer = await readAttr(usbDevice, 'manufacturer');
    const product = await readAttr(usbDevice, 'product');
    const serialNumber = await readAttr(usbDevice, 'serial');
    const fingerprint = matchFingerprint(vendorId, productId);
    if (manufacturer) device.manufacturer = manufacturer;
    if (product) device.product = product;
    if (serialNumber) device.serialNumber = serialNumber;
    if (fingerprint) device.fingerprint = fingerprint;
    out.push(device);
  }
  return out;
}
