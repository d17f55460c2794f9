import { InvalidPrinterUriError } from '../errors.ts';
import { DeviceFileTransport } from './device-file.ts';
import { SerialTransport } from './serial.ts';
import { TcpTransport } from './tcp.ts';
import type { TransportFactory } from './transport.ts';
import { UsbPrinterTransport } from './usb.ts';

/**
 * 'tcp://HOST[:PORT]' (default 9100), 'serial:/dev/ttyUSB0?baud=19200[&rtscts=1]',
 * 'file:/dev/usb/lp0[?status=1]' (status=1: read DLE EOT replies back from the device),
 * 'usb:0416:5011[?serial=…&status=1]' (the usblp device with that VID:PID, found at each connect).
 */
export function transportFactoryFor(uri: string): TransportFactory {
  const tcp = /^tcp:\/\/([^/:?]+|\[[^\]]+\])(?::(\d+))?\/?$/i.exec(uri);
  if (tcp) {
    const host = tcp[1]!.replace(/^\[|\]$/g, '');
    const port = tcp[2] ? Number(tcp[2]) : 9100;
    if (port < 1 || port > 65535) throw new InvalidPrinterUriError(uri, 'port out of range');
    return () => new TcpTransport(host, port);
  }
  const [scheme, rest] = splitScheme(uri);
  if (scheme === 'usb') {
    const m = /^([0-9a-f]{4}):([0-9a-f]{4})(?:\?(.*))?$/i.exec(rest);
    if (!m) throw new InvalidPrinterUriError(uri, 'expected usb:VID:PID with 4 hex digits each');
    const params = new URLSearchParams(m[3] ?? '');
    const serial = params.get('serial') ?? undefined;
    const twoWay = params.get('status') === '1';
    return () => new UsbPrinterTransport(m[1]!.toLowerCase(), m[2]!.toLowerCase(), serial, twoWay);
  }
  if (scheme === 'serial' || scheme === 'file') {
    const [path = '', query = ''] = rest.split('?', 2);
    if (!path.startsWith('/')) throw new InvalidPrinterUriError(uri, 'expected an absolute device path');
    const params = new URLSearchParams(query);
    if (scheme === 'file') {
      const twoWay = params.get('status') === '1';
      return () => new DeviceFileTransport(path, twoWay);
    }
    const baud = Number(params.get('baud') ?? 19200);
    if (!Number.isInteger(baud) || baud <= 0)
      throw new InvalidPrinterUriError(uri, 'baud must be a positive integer');
    const rtscts = params.get('rtscts') === '1';
    return () => new SerialTransport(path, baud, rtscts);
  }
  throw new InvalidPrinterUriError(uri, 'expected tcp://, serial:, file: or usb:');
}

function splitScheme(uri: string): [string, string] {
  const i = uri.indexOf(':');
  return i < 0 ? ['', uri] : [uri.slice(0, i).toLowerCase(), uri.slice(i + 1)];
}
