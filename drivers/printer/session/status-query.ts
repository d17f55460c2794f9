import { PrinterStatusTimeoutError } from '../errors.ts';
import { ALL_STATUS_REQUESTS } from '../escpos/commands.ts';
import { decodeStatus, isStatusByte, type PrinterStatus } from '../escpos/status.ts';
import type { PrinterTransport } from '../transport/transport.ts';

/**
 * Sends DLE EOT 1..4 and collects the four one-byte replies. Bytes that are not DLE EOT replies
 * (ASB packets, GS r answers) are ignored. One query at a time; the session serialises them.
 */
export class StatusQuery {
  private waiter: { bytes: number[]; done: (bytes: number[]) => void } | undefined;

  /** Feed every byte received from the transport. */
  onData(chunk: Buffer): void {
    const waiter = this.waiter;
    if (!waiter) return;
    for (const b of chunk) {
      if (!isStatusByte(b)) continue;
      waiter.bytes.push(b);
      if (waiter.bytes.length === 4) {
        this.waiter = undefined;
        waiter.done(waiter.bytes);
        return;
      }
    }
  }

  /** Abandons a query in flight (link lost). */
  cancel(): void {
    this.waiter = undefined;
  }

  async query(transport: PrinterTransport, timeoutMs: number): Promise<PrinterStatus> {
    const replies = new Promise<number[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new PrinterStatusTimeoutError(transport.target, timeoutMs));
      }, timeoutMs);
      this.waiter = {
        bytes: [],
        done: (bytes) => {
          clearTimeout(timer);
          resolve(bytes);
        },
      };
    });
    try {
      await transport.write(ALL_STATUS_REQUESTS);
    } catch (err) {
      this.waiter?.done([]);
      replies.catch(() => {});
      throw err;
    }
    const [a = 0, b = 0, c = 0, d = 0] = await replies;
    return decodeStatus([a, b, c, d]);
  }
}
