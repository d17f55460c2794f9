/**
 * What centres answer from their admin panels, applied by ingest in the transaction that stores
 * the raw rows: a reply (回告) to a supervision notice goes on the notice, and an answer to a 差评's
 * rectification is recorded as the centre's reply on it. Each writes a row in central's audit log
 * (actor `centre:{clerk}`, client the kiosk); an answer central cannot take — too late, after a
 * revocation, on a closed rectification — is kept with what it is, never dropped in silence.
 */
import type { TxEnvelope } from '../../contract/mqtt.ts';
import { appendAudit } from '../central/audit.ts';
import type { SqlRunner } from '../db/central-db.ts';
import { actOnRectification, RectificationError } from '../rectifications/actions.ts';
import { recordCentreReply } from '../supervision/notices.ts';

const s = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));

async function noticeReply(tx: SqlRunner, t: TxEnvelope): Promise<void> {
  const reply = {
    noticeId: s(t.body.noticeId),
    text: s(t.body.text),
    day: s(t.body.day),
    clerk: s(t.body.clerk),
  };
  const done = await recordCentreReply(tx, t.kiosk, reply);
  await appendAudit(tx, {
    actor: `centre:${reply.clerk}`,
    role: 'centre',
    client: t.kiosk,
    action: 'notice.reply.centre',
    target: `notice ${reply.noticeId}`,
    result: 'status' in done ? 'ok' : 'denied',
    detail: {
      text: reply.text,
      day: reply.day,
      txId: t.txId,
      ...('status' in done ? { status: done.status } : { why: done.refused }),
    },
  });
}

async function rectificationAnswer(tx: SqlRunner, t: TxEnvelope): Promise<void> {
  const ratingId = s(t.body.ratingId);
  const clerk = s(t.body.clerk);
  const text = s(t.body.text);
  const day = s(t.body.day);
  let refused: string | undefined;
  try {
    await actOnRectification(
      tx,
      { kioskId: t.kiosk, ratingId },
      { action: 'reply', text },
      `centre:${clerk}`,
      day,
    );
  } catch (err) {
    if (!(err instanceof RectificationError)) throw err;
    refused = err.message;
    // Kept on the rectification's history (a replay skips it: it is not an act).
    if (err.code !== 'rect.unknown')
      await tx.query(
        `INSERT INTO rectification_events (kiosk_id, rating_id, actor, action, detail) VALUES ($1, $2, $3, 'answer-refused', $4)`,
        [t.kiosk, ratingId, `centre:${clerk}`, JSON.stringify({ text, day, why: refused })],
      );
  }
  await appendAudit(tx, {
    actor: `centre:${clerk}`,
    role: 'centre',
    client: t.kiosk,
    action: 'rectification.answer.centre',
    target: `${t.kiosk}/${ratingId}`,
    result: refused ? 'denied' : 'ok',
    detail: { text, day, txId: t.txId, ...(refused ? { why: refused } : {}) },
  });
}

/** Applies the centres' answers among `stored` (just inserted, so each once), in their order. */
export async function applyCentreAnswers(tx: SqlRunner, stored: readonly TxEnvelope[]): Promise<void> {
  const inOrder = [...stored].sort((a, b) =>
    a.kiosk === b.kiosk ? a.seq - b.seq : a.kiosk < b.kiosk ? -1 : 1,
  );
  for (const t of inOrder) {
    if (t.type === 'notice.replied') await noticeReply(tx, t);
    else if (t.type === 'rectification.answered') await rectificationAnswer(tx, t);
  }
}
