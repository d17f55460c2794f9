/**
 * A GA 467 SAM that answers request frames with response frames byte-exactly (reference §10). It is
 * pure and synchronous: `feed(bytes)` returns the reply bytes, so unit tests use it in-process; the pty
 * server in `sim-server.ts` adds wire time and SAM delays around it.
 */
import { BAUD_PARA, SET_BAUD_CMD } from '../protocol/commands.ts';
import { buildResponseFrame, type CommandFrame, decodeCommandFrame } from '../protocol/frame.ts';
import { COMMAND_LIMITS, FrameParser, type ParseEvent } from '../protocol/frame-parser.ts';
import { buildFingerprint, buildPhoto, buildTextBlock } from './card-data.ts';
import type { SimCard } from './sim-card.ts';

export type SamState = 'NO_CARD' | 'PRESENT_IDLE' | 'FOUND' | 'SELECTED';

export interface SamSimulatorOptions {
  /**
   * Find (20 01) while the card is still selected after a read: 'no-card' (0x80) emulates readers
   * whose card must leave the field before it is found again (§9.3); 'found' answers 9F.
   */
  findWhileSelected?: 'no-card' | 'found';
  /** SW3 for a read before select: 0x41 (read failed) or 0x21 (command error); the real one is [U]. */
  readBeforeSelectSw3?: 0x41 | 0x21;
  /** 16 raw bytes answered to 12 FF. */
  samId?: Uint8Array;
  /** 8 bytes answered to 20 02. */
  serialNumber?: Uint8Array;
}

const SW = {
  success: 0x90,
  noContent: 0x91,
  found: 0x9f,
  checksumError: 0x10,
  lengthError: 0x11,
  commandError: 0x21,
  readFailed: 0x41,
  selfTestFailed: 0x60,
  noCard: 0x80,
  selectFailed: 0x81,
} as const;

const DEFAULT_SAM_ID = Uint8Array.of(0x05, 0x00, 0x01, 0x00, 0x15, 0x0b, 0x33, 0x01, 1, 2, 3, 4, 5, 6, 7, 8);

export interface EncodedCard {
  text: Uint8Array;
  photo: Uint8Array;
  fingerprint: Uint8Array;
  appendedAddress: Uint8Array | null;
}

function encodeCard(card: SimCard): EncodedCard {
  let appendedAddress: Uint8Array | null = null;
  if (card.appendedAddress !== undefined) {
    appendedAddress = new Uint8Array(70);
    for (let i = 0; i < 35; i++) {
      const code = i < card.appendedAddress.length ? card.appendedAddress.charCodeAt(i) : 0x20;
      appendedAddress[i * 2] = code & 0xff;
      appendedAddress[i * 2 + 1] = code >> 8;
    }
  }
  return {
    text: buildTextBlock(card),
    photo: buildPhoto(card),
    fingerprint: buildFingerprint(card),
    appendedAddress,
  };
}

function u16be(n: number): Uint8Array {
  return Uint8Array.of(n >> 8, n & 0xff);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface SamCounters {
  requests: number;
  reads: number;
  errorsAnswered: number;
}

export class SamSimulator {
  readonly options: Required<SamSimulatorOptions>;
  #state: SamState = 'NO_CARD';
  #card: EncodedCard | null = null;
  #selfTestFails = false;
  readonly #parser = new FrameParser(COMMAND_LIMITS);
  readonly counters: SamCounters = { requests: 0, reads: 0, errorsAnswered: 0 };
  /** Called when the host sets a new baud rate (after the reply, which goes out at the old rate). */
  onBaudChange: ((baudRate: number) => void) | null = null;

  constructor(options: SamSimulatorOptions = {}) {
    this.options = {
      findWhileSelected: options.findWhileSelected ?? 'no-card',
      readBeforeSelectSw3: options.readBeforeSelectSw3 ?? 0x41,
      samId: options.samId ?? DEFAULT_SAM_ID,
      serialNumber: options.serialNumber ?? new Uint8Array(8),
    };
  }

  get state(): SamState {
    return this.#state;
  }

  place(card: SimCard): void {
    this.#card = encodeCard(card);
    this.#state = 'PRESENT_IDLE';
  }

  remove(): void {
    this.#card = null;
    this.#state = 'NO_CARD';
  }

  /** Fault injection: answer 60 (self-test failed) to everything but reset. */
  setSelfTestFailure(fails: boolean): void {
    this.#selfTestFails = fails;
  }

  /** Bytes in, reply bytes out (empty when the input held no complete frame). */
  feed(bytes: Uint8Array): Uint8Array {
    return concat(...this.feedFrames(bytes));
  }

  /** Like `feed`, one reply per request, for callers that pace each reply separately. */
  feedFrames(bytes: Uint8Array): Uint8Array[] {
    const replies: Uint8Array[] = [];
    for (const event of this.#parser.push(bytes)) {
      const reply = this.replyTo(event);
      if (reply) replies.push(reply);
    }
    return replies;
  }

  /** The reply to one parser event: a command's answer, 10/11 for a broken frame, nothing for noise. */
  replyTo(event: ParseEvent): Uint8Array | null {
    if (event.kind === 'frame') return this.handle(decodeCommandFrame(event.bytes));
    if (event.reason === 'bad-checksum') return this.#error(SW.checksumError);
    if (event.reason === 'bad-length') return this.#error(SW.lengthError);
    return null;
  }

  handle(command: CommandFrame): Uint8Array {
    this.counters.requests++;
    const { cmd, para } = command;
    if (cmd === 0x10 && para === 0xff) {
      this.#selfTestFails = false;
      this.#state = this.#card ? 'PRESENT_IDLE' : 'NO_CARD';
      return buildResponseFrame(SW.success);
    }
    if (this.#selfTestFails) return this.#error(SW.selfTestFailed);
    if (cmd === 0x11 && para === 0xff) return buildResponseFrame(SW.success);
    if (cmd === 0x12 && para === 0xff) return buildResponseFrame(SW.success, this.options.samId);
    if (cmd === 0x20 && para === 0x01) return this.#find();
    if (cmd === 0x20 && para === 0x02) return this.#select();
    if (cmd === 0x30 && (para === 0x01 || para === 0x10 || para === 0x03)) return this.#read(para);
    if (cmd === SET_BAUD_CMD) return this.#setBaud(para);
    if (cmd === 0x61 && para === 0xff && command.data.length === 1) return buildResponseFrame(SW.success);
    return this.#error(SW.commandError);
  }

  #find(): Uint8Array {
    const s = this.#state;
    if (s === 'NO_CARD') return this.#error(SW.noCard);
    if (s === 'SELECTED' && this.options.findWhileSelected === 'no-card') return this.#error(SW.noCard);
    if (s === 'PRESENT_IDLE') this.#state = 'FOUND';
    return buildResponseFrame(SW.found, new Uint8Array(4));
  }

  #select(): Uint8Array {
    if (this.#state !== 'FOUND' && this.#state !== 'SELECTED') return this.#error(SW.selectFailed);
    this.#state = 'SELECTED';
    return buildResponseFrame(SW.success, this.options.serialNumber);
  }

  #read(para: number): Uint8Array {
    const card = this.#card;
    if (!card) return this.#error(SW.readFailed);
    if (this.#state !== 'SELECTED') return this.#error(this.options.readBeforeSelectSw3);
    this.counters.reads++;
    if (para === 0x03) {
      return card.appendedAddress
        ? buildResponseFrame(SW.success, card.appendedAddress)
        : this.#error(SW.noContent);
    }
    if (para === 0x01) {
      return buildResponseFrame(
        SW.success,
        concat(u16be(card.text.length), u16be(card.photo.length), card.text, card.photo),
      );
    }
    const fp = card.fingerprint;
    return buildResponseFrame(
      SW.success,
      concat(u16be(card.text.length), u16be(card.photo.length), u16be(fp.length), card.text, card.photo, fp),
    );
  }

  #setBaud(para: number): Uint8Array {
    const baud = [...BAUD_PARA].find(([, p]) => p === para)?.[0];
    if (baud === undefined) return this.#error(SW.commandError);
    const reply = buildResponseFrame(SW.success);
    queueMicrotask(() => this.onBaudChange?.(baud));
    return reply;
  }

  #error(sw3: number): Uint8Array {
    this.counters.errorsAnswered++;
    return buildResponseFrame(sw3);
  }
}
