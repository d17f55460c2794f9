/**
 * The real devices, opened from the hardware section of the configuration: serial or HID reader,
 * HID or serial scanner, TCP / serial / USB printer, the document camera's OCR. A device that is
 * configured but absent is a health state (disconnected, retried with backoff), never a failure to
 * start; a device that is not configured is simply not bound.
 */
import type { HardwareConfig, ReaderConfig, ScannerConfig } from '../../contract/config/schema.ts';
import {
  type IdCardReader,
  openHidReader,
  ReaderLinkError,
  ReaderSession,
  SerialTransport,
} from '../../drivers/idcard/index.ts';
import { openPrinter, printerProfiles, type ReceiptPrinter } from '../../drivers/printer/index.ts';
import {
  openHidScanner,
  type Scanner,
  ScannerLinkError,
  ScannerSession,
  SerialScanSource,
} from '../../drivers/scanner/index.ts';
import type { BrokerLink, DeviceBindings } from './device-bindings.ts';
import { OcrCamera } from './ocr-camera.ts';
import { findSerialPort, parseUsbId } from './usb-ports.ts';

export interface HardwareOptions {
  /** Reader polling interval (the simulator's tests poll faster). */
  readerPollMs?: number;
}

function openReader(config: ReaderConfig, opts: HardwareOptions): IdCardReader {
  const session = opts.readerPollMs ? { pollIntervalMs: opts.readerPollMs } : {};
  if (config.transport === 'hid') {
    return openHidReader({
      ...parseUsbId(config.usb),
      ...(config.path ? { path: config.path } : {}),
      ...session,
    });
  }
  const { baudRate } = config;
  const where = serialPath(
    'reader',
    config,
    (message, cause) => new ReaderLinkError('LINK_NO_DEVICE', message, { cause }),
  );
  return new ReaderSession(async () => SerialTransport.open({ path: await where(), baudRate }), {
    ...session,
    baudRate,
  }).start();
}

/**
 * Where a serial device is now: its configured path, or the port of the USB device with its
 * configured VID:PID, looked up on every (re)connect. Not found: the driver's own link error, so
 * its session reports 'disconnected' and tries again.
 */
function serialPath(
  kind: 'reader' | 'scanner',
  config: { path?: string | undefined; usb?: string | undefined },
  linkError: (message: string, cause: unknown) => Error,
): () => Promise<string> {
  return async () => {
    if (config.path) return config.path;
    try {
      return await findSerialPort(kind, parseUsbId(config.usb ?? ''));
    } catch (err) {
      throw linkError((err as Error).message, err);
    }
  };
}

function openScanner(config: ScannerConfig): Scanner {
  if (config.transport === 'hid') {
    return openHidScanner(config.usb ? parseUsbId(config.usb) : { path: config.path ?? '' });
  }
  const where = serialPath(
    'scanner',
    config,
    (message, cause) => new ScannerLinkError('SCANNER_OPEN_FAILED', message, { cause }),
  );
  return new ScannerSession(async () =>
    SerialScanSource.open({ path: await where(), baudRate: config.baudRate }),
  ).start();
}

function openConfiguredPrinter(config: NonNullable<HardwareConfig['printer']>): ReceiptPrinter {
  const profile = printerProfiles[config.profile];
  return openPrinter(config.uri ?? `usb:${config.usb}`, profile ? { profile } : {});
}

/** Opens every configured device; `broker` is the link the caller decided on (or null). */
export function openHardware(
  hardware: HardwareConfig,
  broker: BrokerLink | null,
  opts: HardwareOptions = {},
): DeviceBindings {
  const reader = hardware.reader ? openReader(hardware.reader, opts) : null;
  const scanner = hardware.scanner ? openScanner(hardware.scanner) : null;
  const printer = hardware.printer ? openConfiguredPrinter(hardware.printer) : null;
  const camera = hardware.camera?.enabled ? new OcrCamera(hardware.camera) : null;
  return {
    reader,
    scanner,
    printer,
    camera,
    broker,
    close: async () => {
      await Promise.allSettled([reader?.close(), scanner?.close(), printer?.close(), camera?.close()]);
    },
  };
}
