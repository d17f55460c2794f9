/**
 * Serial devices named by USB VID:PID in the configuration: the /dev path is looked up on every
 * (re)connect, because ttyUSB and ttyACM numbers change with plug order and between boots. The
 * drivers' fingerprint tables say what such a device is, for the health line and the log.
 */
import { readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
  constructor(
    readonly kind: 'reader' | 'scanner',
    readonly ids: UsbIds,
  ) {
    super(`no ${kind} attached: looking for ${describeUsbDevice(kind, ids)} on the serial ports`);
    this.name = 'UsbDeviceAbsentError';
  }
}

/** The serial port of the attached device with these IDs; throws UsbDeviceAbsentError when there is none. */
export async function findSerialPort(kind: 'reader' | 'scanner', ids: UsbIds): Promise<string> {
  for (const port of await listUsbSerialPorts()) {
    if (port.vendorId === ids.vendorId && port.productId === ids.productId) return port.path;
  }
  throw new UsbDeviceAbsentError(kind, ids);
}

interface UsbSerialPort extends UsbIds {
  path: string;
}

/**
 * USB serial ports with their IDs, read from sysfs (Linux): /sys/class/tty/NAME/device leads up to
 * the USB device whose idVendor/idProduct it is. serialport's own list() needs udevadm, which a
 * minimal appliance image may not have; it is the fallback elsewhere.
 */
export async function listUsbSerialPorts(sysRoot = '/sys', devRoot = '/dev'): Promise<UsbSerialPort[]> {
  let names: string[];
  try {
    names = await readdir(join(sysRoot, 'class', 'tty'));
  } catch {
    const { SerialPort } = await import('serialport');
    return (await SerialPort.list()).flatMap((p) =>
      p.vendorId && p.productId
        ? [
            {
              path: p.path,
              vendorId: Number.parseInt(p.vendorId, 16),
              productId: Number.parseInt(p.productId, 16),
            },
          ]
        : [],
    );
  }
  const ports: UsbSerialPort[] = [];
  for (const name of names.filter((n) => /^tty(USB|ACM)\d+$/.test(n))) {
    let dir: string;
    try {
      dir = await realpath(join(sysRoot, 'class', 'tty', name, 'device'));
    } catch {
      continue;
    }
    // The interface's parent directories: the first with idVendor is the USB device.
    for (let up = dir; up !== dirname(up); up = dirname(up)) {
      const vendor = await readFile(join(up, 'idVendor'), 'utf8').catch(() => null);
      if (vendor === null) continue;
      const product = await readFile(join(up, 'idProduct'), 'utf8').catch(() => '');
      ports.push({
        path: join(devRoot, name),
        vendorId: Number.parseInt(vendor.trim(), 16),
        productId: Number.parseInt(product.trim(), 16),
      });
      break;
    }
  }
  return ports;
}
