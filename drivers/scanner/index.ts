/**
 * QR / barcode scanner driver. Layers: transport (node-hid keyboard-wedge reports, serialport line
 * mode) → framing (hid/report-decoder.ts, serial/line-framer.ts) → supervised device
 * (session/scanner-session.ts) with `code`, `discarded` and `health` events.
 */
import {
  describeAddress,
  type HidDeviceLike,
  type HidScannerAddress,
  HidScanSource,
} from './hid/hid-source.ts';
import type { ReportDecoderOptions } from './hid/report-decoder.ts';
import type { LineFramerOptions } from './serial/line-framer.ts';
import { type SerialScannerAddress, SerialScanSource } from './serial/serial-source.ts';
import { ScannerSession, type SessionOptions } from './session/scanner-session.ts';
import type { Scanner } from './types.ts';

export { openPtyPair, type PtyPair, PtyPairError } from '../shared/pty-pair.ts';
export { isScannerLinkError, ScannerLinkError, type ScannerLinkErrorCode } from './errors.ts';
export {
  findScanners,
  matchScanner,
  SCANNER_FINGERPRINTS,
  type ScannerCandidate,
  type ScannerFingerprint,
} from './fingerprints.ts';
export type { HidDeviceLike, HidScannerAddress } from './hid/hid-source.ts';
export { KeyboardReportDecoder, type ReportDecoderOptions } from './hid/report-decoder.ts';
export { LineFramer, type LineFramerOptions } from './serial/line-framer.ts';
export { type SerialScannerAddress, SerialScanSource } from './serial/serial-source.ts';
export { ScannerSession, type SessionOptions } from './session/scanner-session.ts';
export type { ScanSource, SourceOpener } from './session/source.ts';
export { type HidReportOptions, toHidReports, toSerialBytes } from './sim/hid-reports.ts';
export {
  type HidScanOptions,
  type SerialScanOptions,
  SimulatedHidDevice,
  SimulatedScanner,
} from './sim/simulated-scanner.ts';
export type { DiscardVerdict, Scanner, ScannerEvents, ScannerHealth, ScanVerdict } from './types.ts';

export interface HidScannerOptions extends ReportDecoderOptions, SessionOptions {
  /** Opens the device instead of node-hid (the simulator's `openHidDevice`). */
  openDevice?: (address: HidScannerAddress) => Promise<HidDeviceLike>;
}

/**
 * Opens a keyboard-wedge scanner by VID/PID or hidraw path and keeps it open. Never throws for link
 * failures: health goes 'disconnected' (or 'fault' for permissions) and it reconnects with backoff.
 */
export function openHidScanner(address: HidScannerAddress, options: HidScannerOptions = {}): Scanner {
  const { openDevice, reconnectInitialMs, reconnectMaxMs, repeatHoldoffMs, ...decoder } = options;
  const session: SessionOptions = { reconnectInitialMs, reconnectMaxMs, repeatHoldoffMs };
  const opener = openDevice
    ? async () =>
        new HidScanSource(await openDevice(address), `HID scanner ${describeAddress(address)}`, decoder)
    : () => HidScanSource.open(address, decoder);
  return new ScannerSession(opener, session).start();
}

export interface SerialScannerOptions extends LineFramerOptions, SessionOptions {}

/** Opens a scanner in serial line mode and keeps it open, like openHidScanner. */
export function openSerialScanner(
  address: SerialScannerAddress,
  options: SerialScannerOptions = {},
): Scanner {
  const { reconnectInitialMs, reconnectMaxMs, repeatHoldoffMs, ...framer } = options;
  const session: SessionOptions = { reconnectInitialMs, reconnectMaxMs, repeatHoldoffMs };
  return new ScannerSession(() => SerialScanSource.open(address, framer), session).start();
}
