import { readFileSync } from 'node:fs';
import { SERIAL_PATTERN } from '../../contract/provisioning.ts';

const serialRe = new RegExp(SERIAL_PATTERN);

/**
 * The device's serial: the board's DMI serial when readable and usable as a topic level,
 * otherwise one derived from /etc/machine-id (stable across reboots, unique per installed image).
 */
export function defaultDeviceSerial(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): string {
  for (const path of ['/sys/class/dmi/id/product_serial', '/sys/class/dmi/id/board_serial']) {
    try {
      const value = read(path).trim().replace(/\s+/g, '-');
      if (serialRe.test(value) && !/^(0+|default.*|to-be-filled.*|none)$/i.test(value)) return value;
    } catch {
      // not readable (no DMI, or not root): try the next source
    }
  }
  try {
    return `SN-${read('/etc/machine-id').trim().slice(0, 12).toUpperCase()}`;
  } catch {
    throw new Error('no device serial found; pass --serial');
  }
}
