/**
 * SMPP 3.4 delivery receipts (Appendix B): the text form "id:… sub:… dlvrd:… submit date:… done
 * date:… stat:DELIVRD err:000 text:…", and the receipted_message_id / message_state TLVs that many
 * SMSCs send as well (preferred when present: the text id is sometimes in another base).
 */

export const FINAL_STATS = ['DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'REJECTD', 'UNKNOWN'] as const;
export type ReceiptStat = (typeof FINAL_STATS)[number] | 'ACCEPTD' | 'ENROUTE';

/** message_state TLV values (SMPP 3.4 §5.3.2.35). */
const MESSAGE_STATES: Record<number, ReceiptStat> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

export interface DeliveryReceipt {
  smscId: string;
  stat: ReceiptStat;
  err: string;
  doneAt?: number;
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}:(\\S+)`, 'i').exec(text)?.[1];
}

/** 'YYMMDDhhmm' (or with ss) in UTC+8, as Chinese SMSCs stamp them, to epoch ms. */
function parseStamp(stamp: string | undefined): number | undefined {
  const m = stamp ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?$/.exec(stamp) : null;
  if (!m) return undefined;
  const [, yy, mo, dd, hh, mi, ss] = m;
  return Date.UTC(2000 + Number(yy), Number(mo) - 1, Number(dd), Number(hh) - 8, Number(mi), Number(ss ?? 0));
}

export function formatStamp(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}`;
}

export function parseReceipt(
  text: string,
  tlv: { receiptedMessageId?: string; messageState?: number } = {},
): DeliveryReceipt | null {
  const smscId = tlv.receiptedMessageId || field(text, 'id');
  const stat =
    (tlv.messageState !== undefined ? MESSAGE_STATES[tlv.messageState] : undefined) ??
    (field(text, 'stat')?.toUpperCase() as ReceiptStat | undefined);
  if (!smscId || !stat) return null;
  const doneAt = parseStamp(/done date:(\d{10,12})/i.exec(text)?.[1]);
  return { smscId, stat, err: field(text, 'err') ?? '000', ...(doneAt !== undefined ? { doneAt } : {}) };
}

export function receiptText(r: {
  smscId: string;
  stat: ReceiptStat;
  err: string;
  submittedAt: number;
  doneAt: number;
}) {
  const dlvrd = r.stat === 'DELIVRD' ? '001' : '000';
  return `id:${r.smscId} sub:001 dlvrd:${dlvrd} submit date:${formatStamp(r.submittedAt)} done date:${formatStamp(r.doneAt)} stat:${r.stat} err:${r.err} text:`;
}
