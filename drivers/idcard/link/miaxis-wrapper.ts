/**
 * The Miaxis MR-300 USB-HID vendor wrapper around GA 467 frames (reference §1.3, one vendor only [U]):
 * 64-byte HID reports; a packet is flag, 2-byte sequence, 2-byte little-endian length, command byte
 * (0xB1 = ID card command), data (a whole GA 467 frame), then a 2-byte little-endian additive checksum
 * over everything from the length field on. Host packets carry flag 0x88; replies another flag and
 * may span several reports.
 *
 * Where the source is silent we chose, and say so: the sequence number is little-endian like the other
 * fields; the length counts the command byte and the data; a packet is cut into 64-byte reports and
 * the last one is zero-padded. Both sides live here so the simulator and the driver agree by
 * construction; a real device that disagrees will fail its checksum, loudly.
 */

export const MIAXIS_HOST_FLAG = 0x88;
/** Reply flag our simulator uses; the driver accepts any flag other than the host's. */
export const MIAXIS_SIM_REPLY_FLAG = 0x99;
export const MIAXIS_ID_CARD_COMMAND = 0xb1;
export const HID_REPORT_SIZE = 64;
const HEADER = 6; // flag, seq (2), len (2), cmd
const TRAILER = 2;

function additive16(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum = (sum + (bytes[i] ?? 0)) & 0xffff;
  return sum;
}

export function wrapPacket(
  flag: number,
  seq: number,
  payload: Uint8Array,
  cmd = MIAXIS_ID_CARD_COMMAND,
): Uint8Array {
  const len = 1 + payload.length;
  const out = new Uint8Array(HEADER + payload.length + TRAILER);
  out[0] = flag;
  out[1] = seq & 0xff;
  out[2] = (seq >> 8) & 0xff;
  out[3] = len & 0xff;
  out[4] = len >> 8;
  out[5] = cmd;
  out.set(payload, HEADER);
  const sum = additive16(out, 3, HEADER + payload.length);
  out[out.length - 2] = sum & 0xff;
  out[out.length - 1] = sum >> 8;
  return out;
}

/** Cuts a packet into HID reports of `HID_REPORT_SIZE` bytes, the last zero-padded. */
export function toReports(packet: Uint8Array): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (let at = 0; at < packet.length; at += HID_REPORT_SIZE) {
    const report = new Uint8Array(HID_REPORT_SIZE);
    report.set(packet.subarray(at, at + HID_REPORT_SIZE));
    reports.push(report);
  }
  return reports;
}

export interface UnwrappedPacket {
  flag: number;
  seq: number;
  cmd: number;
  payload: Uint8Array;
}

export type AssemblerEvent =
  | { kind: 'packet'; packet: UnwrappedPacket }
  | { kind: 'dropped'; reason: 'bad-checksum' | 'bad-flag' | 'bad-length'; bytes: number };

/**
 * Reassembles packets from HID reports. A report that does not continue a packet starts one; a packet
 * whose checksum fails is dropped whole (the GA 467 layer then times out or retries).
 */
export class ReportAssembler {
  readonly #accept: (flag: number) => boolean;
  readonly #maxLength: number;
  #buf: number[] = [];
  #need = 0;

  constructor(accept: (flag: number) => boolean, maxLength = 4096) {
    this.#accept = accept;
    this.#maxLength = maxLength;
  }

  push(report: Uint8Array): AssemblerEvent[] {
    const events: AssemblerEvent[] = [];
    if (this.#buf.length === 0) {
      const flag = report[0] ?? 0;
      if (!this.#accept(flag)) return [{ kind: 'dropped', reason: 'bad-flag', bytes: report.length }];
      const len = (report[3] ?? 0) | ((report[4] ?? 0) << 8);
      if (len < 1 || len > this.#maxLength)
        return [{ kind: 'dropped', reason: 'bad-length', bytes: report.length }];
      this.#need = 5 + len + TRAILER;
    }
    for (const b of report) this.#buf.push(b);
    if (this.#buf.length < this.#need) return events;
    const packet = Uint8Array.from(this.#buf.slice(0, this.#need));
    this.#buf = [];
    const end = packet.length - TRAILER;
    const sum = (packet[end] ?? 0) | ((packet[end + 1] ?? 0) << 8);
    if (additive16(packet, 3, end) !== sum) {
      events.push({ kind: 'dropped', reason: 'bad-checksum', bytes: packet.length });
      return events;
    }
    events.push({
      kind: 'packet',
      packet: {
        flag: packet[0] ?? 0,
        seq: (packet[1] ?? 0) | ((packet[2] ?? 0) << 8),
        cmd: packet[5] ?? 0,
        payload: packet.slice(HEADER, end),
      },
    });
    return events;
  }

  reset(): void {
    this.#buf = [];
    this.#need = 0;
  }
}
