import type { PrinterProfile } from './profiles.ts';
import {
  PrinterSession,
  type PrinterSessionOptions,
  type ReceiptPrinter,
} from './session/printer-session.ts';
import { transportFactoryFor } from './transport/uri.ts';

export interface OpenPrinterOptions extends PrinterSessionOptions {
  /** The printer model; documents are built for it with buildTicketJob(doc, profile). */
  profile?: PrinterProfile;
}

/**
 * Opens a supervised printer: 'tcp://127.0.0.1:9100', 'serial:/dev/ttyUSB0?baud=19200',
 * 'file:/dev/usb/lp0'. Connects at once and keeps reconnecting; watch `health`.
 * Throws InvalidPrinterUriError for a URI it cannot use.
 */
export function openPrinter(uri: string, opts: OpenPrinterOptions = {}): ReceiptPrinter {
  const { profile: _profile, ...sessionOptions } = opts;
  return new PrinterSession(transportFactoryFor(uri), sessionOptions);
}
