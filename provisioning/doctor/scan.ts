/**
 * What is plugged in: every USB device from sysfs (/sys/bus/usb/devices/*\/idVendor|idProduct)
 * and every serial port serialport can list (which carries the /dev path of USB-serial bridges).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachedDevice } from '../../firmware-config/profiles/match.ts';

async function attr(dir: string, name: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, name), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

export async function scanUsbDevices(sysRoot = '/sys'): Promise<AttachedDevice[]> {
  const base = join(sysRoot, 'bus/usb/devices');
  let names: string[];
  try {
    names = await readdir(base);
  } catch {
    return [];
  }
  const out: AttachedDevice[] = [];
  for (const name of names.sort()) {
    // Interfaces (1-1:1.0) carry no idVendor; root hubs (usb1) are devices like any other.
    const dir = join(base, name);
    const vendorId = await attr(dir, 'idVendor');
    const productId = await attr(dir, 'idProduct');
    if (!vendorId || !productId) continue;
    const device: AttachedDevice = { vendorId, productId, source: 'usb' };
    const product = await attr(dir, 'product');
    const manufacturer = await attr(dir, 'manufacturer');
    if (product) device.product = product;
    if (manufacturer) device.manufacturer = manufacturer;
    out.push(device);
  }
  return out;
}

export interface SerialPortInfo {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
  manufacturer?: string | undefined;
}

export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  const { SerialPort } = await import('serialport');
  return SerialPort.list();
}

/** USB devices and serial ports together; a USB-serial bridge appears once, with its /dev path. */
export function mergeDevices(usb: AttachedDevice[], serial: SerialPortInfo[]): AttachedDevice[] {
  const fromSerial: AttachedDevice[] = serial
    .filter((p) => p.vendorId && p.productId)
    .map((p) => ({
      vendorId: (p.vendorId ?? '').toLowerCase(),
      productId: (p.productId ?? '').toLowerCase(),
      path: p.path,
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
      source: 'serial' as const,
    }));
  const bridged = new Set(fromSerial.map((d) => `${d.vendorId}:${d.productId}`));
  return [
    ...fromSerial,
    ...usb.filter((d) => !bridged.has(`${d.vendorId.toLowerCase()}:${d.productId.toLowerCase()}`)),
  ];
}
