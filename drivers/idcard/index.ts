/**
 * GA 467 ID card reader driver and its simulator. Layers: transport (serial, USB-HID) → framing
 * (protocol/) → request/response (link/) → device API and supervised session (device/).
 */
import { ReaderSession } from './device/reader-session.ts';
import type { IdCardReader, ReaderSessionOptions } from './device/reader-types.ts';
import { type HidReaderAddress, HidTransport } from './link/hid-transport.ts';
import { SerialTransport } from './link/serial-transport.ts';

export { type ReadOnceResult, readOnce } from './device/read-once.ts';
export { ReaderSession } from './device/reader-session.ts';
export type {
  IdCardReader,
  ReaderEvents,
  ReaderHealth,
  ReaderSessionOptions,
  ReadFailure,
} from './device/reader-types.ts';
export { SamClient } from './device/sam-client.ts';
export {
  foreign2017CheckDigit,
  isValidForeign2017Number,
  isValidIdNumber,
  mod11CheckChar,
} from './identity/check-digit.ts';
export { decodeIdentity } from './identity/decode.ts';
export { formatIdentity, identityView } from './identity/format.ts';
export { maskIdNumber, maskName } from './identity/mask.ts';
export { decodePhoto } from './identity/photo.ts';
export type { CardPhoto, CardType, Gender, Identity, WltDecoder } from './identity/types.ts';
export { isReaderLinkError, ReaderLinkError, type ReaderLinkErrorCode } from './link/errors.ts';
export { type HidReaderAddress, HidTransport } from './link/hid-transport.ts';
export { SamLink } from './link/sam-link.ts';
export { SerialTransport } from './link/serial-transport.ts';
export {
  findReaders,
  matchReader,
  READER_FINGERPRINTS,
  type ReaderCandidate,
  type ReaderFingerprint,
} from './link/supported-readers.ts';
export type { ByteTransport, TransportOpener } from './link/transport.ts';
export { buildCommandFrame, buildResponseFrame, xorChecksum } from './protocol/frame.ts';
export { FrameParser } from './protocol/frame-parser.ts';
export { type SamVerdict, verdictOf } from './protocol/status.ts';
export { buildTextBlock } from './sim/card-data.ts';
export { HidSimDevice } from './sim/hid-sim-device.ts';
export { InProcessTransport } from './sim/in-process-transport.ts';
export { SamSimulator } from './sim/sam-simulator.ts';
export { loadSimCard, type SimCard, SimCardError } from './sim/sim-card.ts';
export { REALISTIC_SAM_DELAYS, type SimFaults } from './sim/sim-server.ts';
export { type SimulatedReader, startSimulatedReader } from './sim/simulated-reader.ts';

export interface SerialReaderOptions extends Omit<ReaderSessionOptions, 'baudRate'> {
  path: string;
  baudRate?: number;
}

/**
 * Opens a reader on a serial device and starts polling. Never throws for link failures: it reports
 * health 'disconnected' and reconnects with capped backoff.
 */
export function openSerialReader(opts: SerialReaderOptions): IdCardReader {
  const { path, baudRate = 115200, ...session } = opts;
  return new ReaderSession(() => SerialTransport.open({ path, baudRate }), { ...session, baudRate }).start();
}

/**
 * Opens a USB-HID reader (Miaxis report wrapper) by VID/PID and starts polling. node-hid is loaded only
 * here. Like openSerialReader, it never throws for link failures.
 */
export function openHidReader(opts: HidReaderAddress & ReaderSessionOptions): IdCardReader {
  const { vendorId, productId, path, ...session } = opts;
  const address: HidReaderAddress = { vendorId, productId, ...(path ? { path } : {}) };
  return new ReaderSession(() => HidTransport.open(address), session).start();
}
