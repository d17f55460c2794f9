/**
 * One read for installers and scripts: open, status check, wait up to a deadline for a card, read it,
 * close. Every way it can end is a value with a stable `outcome`, so the CLI maps each to an exit code.
 */
import { decodeIdentity } from '../identity/decode.ts';
import type { Identity } from '../identity/types.ts';
import { isReaderLinkError } from '../link/errors.ts';
import { SamLink } from '../link/sam-link.ts';
import type { ByteTransport, TransportOpener } from '../link/transport.ts';
import { describeVerdict, type SamVerdict } from '../protocol/status.ts';
import { SamClient } from './sam-client.ts';

export type ReadOnceResult =
  | { outcome: 'card'; identity: Identity }
  | { outcome: 'no-reader'; detail: string }
  | { outcome: 'no-card'; detail: string }
  | { outcome: 'sam-fault'; verdict: SamVerdict; detail: string }
  | { outcome: 'unreadable'; verdict?: SamVerdict; detail: string }
  | { outcome: 'link-error'; code: string; detail: string };

export interface ReadOnceOptions {
  baudRate?: number;
  timeoutMs?: number;
  pollIntervalMs?: number;
  readAttempts?: number;
}

export async function readOnce(
  open: TransportOpener,
  options: ReadOnceOptions = {},
): Promise<ReadOnceResult> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let transport: ByteTransport;
  try {
    transport = await open();
  } catch (err) {
    return { outcome: 'no-reader', detail: (err as Error).message };
  }
  const link = new SamLink(transport);
  try {
    const client = new SamClient(link, { baudRate: options.baudRate ?? 115200 });
    const status = await client.statusCheck();
    if (status.verdict !== 'success') {
      return { outcome: 'sam-fault', verdict: status, detail: `SAM status: ${describeVerdict(status)}` };
    }
    return await waitAndRead(client, deadline, options);
  } catch (err) {
    if (isReaderLinkError(err)) return { outcome: 'link-error', code: err.code, detail: err.message };
    throw err;
  } finally {
    await link.close().catch(() => {});
  }
}

async function waitAndRead(
  client: SamClient,
  deadline: number,
  options: ReadOnceOptions,
): Promise<ReadOnceResult> {
  const attempts = options.readAttempts ?? 3;
  let last: SamVerdict | undefined;
  let tried = 0;
  while (Date.now() < deadline) {
    const found = await client.findCard();
    if (found.verdict === 'self-test-failed' || found.verdict === 'sam-not-authorised') {
      return { outcome: 'sam-fault', verdict: found, detail: describeVerdict(found) };
    }
    // A card left on the reader after an earlier read is not found again, but can still be selected.
    const selected = await client.selectCard();
    if (selected.ok) {
      tried++;
      const info = await client.readBaseInfo();
      if (info.ok) return { outcome: 'card', identity: decodeIdentity(info.value.text, info.value.photo) };
      last = info.verdict;
      if (tried >= attempts) {
        return {
          outcome: 'unreadable',
          verdict: last,
          detail: `read failed ${tried} times: ${describeVerdict(last)}`,
        };
      }
    } else if (found.verdict !== 'no-card') {
      last = found;
    }
    await new Promise((r) => setTimeout(r, options.pollIntervalMs ?? 200));
  }
  if (last && last.verdict !== 'no-card' && last.verdict !== 'select-failed') {
    return {
      outcome: 'unreadable',
      verdict: last,
      detail: `the card could not be read: ${describeVerdict(last)}`,
    };
  }
  return { outcome: 'no-card', detail: 'no card was placed on the reader before the timeout' };
}
