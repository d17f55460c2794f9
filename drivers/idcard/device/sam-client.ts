/**
 * Device API over the link: each GA 467 operation returns the SAM's verdict as a value, plus its data
 * on success. A reply whose shape cannot belong to the command (e.g. a read reply too short for the
 * lengths it announces) is a link failure: LINK_BAD_REPLY.
 */

import { ReaderLinkError } from '../link/errors.ts';
import type { RawResponse, SamLink } from '../link/sam-link.ts';
import { BAUD_PARA, COMMANDS, type CommandSpec, SET_BAUD_CMD, wireTimeMs } from '../protocol/commands.ts';
import { type SamVerdict, verdictOf } from '../protocol/status.ts';

export interface SamClientOptions {
  baudRate?: number;
  /** Added to every command's reply wire time to get its timeout. */
  baseTimeoutMs?: number;
}

export interface BaseInfo {
  text: Uint8Array;
  photo: Uint8Array;
  fingerprint?: Uint8Array;
}

export type Verdicted<T> = { verdict: SamVerdict } & ({ ok: true; value: T } | { ok: false });

export class SamClient {
  readonly #link: SamLink;
  readonly #baudRate: number;
  readonly #baseTimeoutMs: number;

  constructor(link: SamLink, options: SamClientOptions = {}) {
    this.#link = link;
    this.#baudRate = options.baudRate ?? 115200;
    this.#baseTimeoutMs = options.baseTimeoutMs ?? 1000;
  }

  /** Timeout for a command: a fixed allowance for the SAM plus twice the reply's wire time. */
  timeoutFor(spec: CommandSpec): number {
    return Math.ceil(this.#baseTimeoutMs + 2 * wireTimeMs(spec.replyBytes, this.#baudRate));
  }

  async #send(spec: CommandSpec, data?: Uint8Array): Promise<RawResponse> {
    return this.#link.request(spec.cmd, spec.para, this.timeoutFor(spec), data);
  }

  async statusCheck(): Promise<SamVerdict> {
    return verdictOf((await this.#send(COMMANDS.samStatus)).sw3);
  }

  async reset(): Promise<SamVerdict> {
    return verdictOf((await this.#send(COMMANDS.resetSam)).sw3);
  }

  async readSamId(): Promise<Verdicted<Uint8Array>> {
    const r = await this.#send(COMMANDS.samId);
    const verdict = verdictOf(r.sw3);
    if (r.sw3 !== 0x90) return { verdict, ok: false };
    expectLength(r, 16, 'SAM ID');
    return { verdict, ok: true, value: r.data };
  }

  /** 'card-found' when a card answers, 'no-card' when none does (or the last one is still selected). */
  async findCard(): Promise<SamVerdict> {
    const r = await this.#send(COMMANDS.findCard);
    if (r.sw3 === 0x9f) expectLength(r, 4, 'find-card');
    return verdictOf(r.sw3);
  }

  async selectCard(): Promise<Verdicted<Uint8Array>> {
    const r = await this.#send(COMMANDS.selectCard);
    const verdict = verdictOf(r.sw3);
    if (r.sw3 !== 0x90) return { verdict, ok: false };
    expectLength(r, 8, 'select-card');
    return { verdict, ok: true, value: r.data };
  }

  async readBaseInfo(withFingerprint = false): Promise<Verdicted<BaseInfo>> {
    const spec = withFingerprint ? COMMANDS.readBaseWithFingerprint : COMMANDS.readBase;
    const r = await this.#send(spec);
    const verdict = verdictOf(r.sw3);
    if (r.sw3 !== 0x90) return { verdict, ok: false };
    return { verdict, ok: true, value: splitBaseInfo(r, withFingerprint) };
  }

  /**
   * Asks the SAM to switch its UART (60 xx, reference §4 [U]). The reply comes at the old rate; the
   * caller switches the host side (SerialTransport.setBaudRate) only after a 'success' verdict.
   */
  async setBaudRate(baudRate: number): Promise<SamVerdict> {
    const para = BAUD_PARA.get(baudRate);
    if (para === undefined) throw new RangeError(`baud rate ${baudRate} has no GA 467 code`);
    const r = await this.#link.request(SET_BAUD_CMD, para, this.timeoutFor(COMMANDS.samStatus));
    return verdictOf(r.sw3);
  }

  /** The newest appended address, '' verdict 'no-content' when the card has none. */
  async readNewestAddress(): Promise<Verdicted<Uint8Array>> {
    const r = await this.#send(COMMANDS.readNewAddress);
    const verdict = verdictOf(r.sw3);
    if (r.sw3 !== 0x90) return { verdict, ok: false };
    return { verdict, ok: true, value: r.data };
  }
}

function expectLength(r: RawResponse, bytes: number, what: string): void {
  if (r.data.length !== bytes) {
    throw new ReaderLinkError(
      'LINK_BAD_REPLY',
      `${what} reply carries ${r.data.length} data bytes, expected ${bytes}`,
    );
  }
}

/** Uses the length words, never fixed offsets (reference §5.1). */
export function splitBaseInfo(r: RawResponse, withFingerprint: boolean): BaseInfo {
  const d = r.data;
  const header = withFingerprint ? 6 : 4;
  if (d.length < header) {
    throw new ReaderLinkError('LINK_BAD_REPLY', `base-info reply too short (${d.length} data bytes)`);
  }
  const textLen = ((d[0] ?? 0) << 8) | (d[1] ?? 0);
  const photoLen = ((d[2] ?? 0) << 8) | (d[3] ?? 0);
  const fpLen = withFingerprint ? ((d[4] ?? 0) << 8) | (d[5] ?? 0) : 0;
  if (header + textLen + photoLen + fpLen !== d.length) {
    throw new ReaderLinkError(
      'LINK_BAD_REPLY',
      `base-info reply announces ${textLen}+${photoLen}+${fpLen} bytes but carries ${d.length - header}`,
    );
  }
  if (textLen !== 256) {
    throw new ReaderLinkError('LINK_BAD_REPLY', `base-info text block is ${textLen} bytes, expected 256`);
  }
  const text = d.slice(header, header + textLen);
  const photo = d.slice(header + textLen, header + textLen + photoLen);
  const info: BaseInfo = { text, photo };
  if (withFingerprint) info.fingerprint = d.slice(header + textLen + photoLen);
  return info;
}
