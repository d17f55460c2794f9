/**
 * The byte pipe under the framing layer. A serial port and a USB-HID reader (which unwraps its vendor
 * reports back into GA 467 bytes) both look like this to everything above.
 */
import type { EventEmitter } from 'node:events';

export interface TransportEvents {
  data: [chunk: Uint8Array];
  /** The device went away or was closed; `error` is set when it was not our doing. */
  close: [error: Error | undefined];
}

export interface ByteTransport extends EventEmitter<TransportEvents> {
  /** For health details and logs, e.g. 'serial /dev/ttyUSB0 @115200'. */
  readonly description: string;
  readonly isOpen: boolean;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Opens a fresh transport; called again by the session after every disconnect. */
export type TransportOpener = () => Promise<ByteTransport>;
