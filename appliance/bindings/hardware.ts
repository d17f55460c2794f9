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
  const { baudRate, path, usb } = config;
  return new ReaderSession(
    async () => {
      let where = path;
      if (!where) {
        try {
          where = await findSerialPort('reader', parseUsbId(usb ?? ''));
        } catch (err) {
          throw new ReaderLinkError('LINK_NO_DEVICE', (err as Error).message, { cause: err });
        }
      }
      return SerialTransport.open({ path: where, baudRate });
    },
    { ...session, baudRate },
  ).start();
}

function openScanner(config: ScannerConfig): Scanner {
  if (config.transport === 'hid') {
    return openHidScanner(config.usb ? parseUsbId(config.usb) : { path: config.path ?? '' });
  }
  const { baudRate, path, usb } = config;
  return new ScannerSession(async () => {
    let where = path;
    if (!where) {
      try {
        where = await findSerialPort('scanner', parseUsbId(usb ?? ''));
      } catch (err) {
        throw new ScannerLinkError('SCANNER_OPEN_FAILED', (err as Error).message, { cause: err });
      }
    }
    return SerialScanSource.open({ path: where, baudRate });
  }).start();
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
