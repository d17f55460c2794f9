/**
 * The worker's step for one batch of send jobs, in a handful of statements whatever the batch size:
 * claim the messages (with their opt-out flag and the number's ciphertext), settle those that must
 * not go (expired, opted out, number purged), hold those in quiet hours or over the per-recipient
 * limit, send the rest through the gateway side by side (its window does the pacing), and record
 * what came back. Transient failures fail their job, and pg-boss retries it with backoff.
 */
import type { JobResult, JobWithMetadata } from 'pg-boss';
import type { SqlRunner } from '../db/central-db.ts';
import type { NotifyConfig } from './config.ts';
import { PermanentSendError, type SmsGateway } from './gateway.ts';
import type { SendJob } from './job-queue.ts';
import {
  type ClaimedMessage,
  claimMessages,
  markSubmitted,
  type StateChange,
  setStates,
} from './message-store.ts';
import type { PhoneVault } from './phone-vault.ts';
import { quietUntil } from './policy.ts';
import { takeRecipientSlots } from './rate-limit.ts';

export type Job = JobWithMetadata<SendJob>;

export interface SendBatchDeps {
  db: SqlRunner;
  vault: PhoneVault;
  gateway: SmsGateway;
  config: NotifyConfig;
  now: number;
  log(line: string): void;
  queueJob(messageId: string, delayMs: number): Promise<void>;
}

const OPTED_OUT = 'opted-out (replied TD)';

export async function sendBatch(d: SendBatchDeps, jobs: Job[]): Promise<JobResult[]> {
  const jobOf = new Map(jobs.map((j) => [String(j.data.messageId), j]));
  const results = new Map<string, JobResult>(jobs.map((j) => [j.id, { id: j.id, status: 'completed' }]));
  const claimed = await claimMessages(
    d.db,
    jobs.map((j) => ({ messageId: String(j.data.messageId), isRetry: j.retryCount > 0 })),
  );
  const changes: StateChange[] = [];
  const holds: Array<{ m: ClaimedMessage; state: 'held' | 'deferred'; until: number; reason: string }> = [];
  const candidates: ClaimedMessage[] = [];
  for (const m of claimed) {
    const quiet = quietUntil(d.config, m.kind, d.now);
    if (m.expires_at !== null && d.now > Number(m.expires_at))
      changes.push({ id: m.id, state: 'expired', reason: 'not sent in time' });
    else if (!m.phone_hash || m.optedOut) changes.push({ id: m.id, state: 'refused', reason: OPTED_OUT });
    else if (!m.phoneEnc) changes.push({ id: m.id, state: 'refused', reason: 'number purged' });
    else if (quiet !== undefined) holds.push({ m, state: 'held', until: quiet, reason: 'quiet hours' });
    else candidates.push(m);
  }
  const slots = await takeRecipientSlots(
    d.db,
    candidates.map((m) => m.phone_hash!),
    d.config.perRecipient,
    d.now,
  );
  const sendable: ClaimedMessage[] = [];
  candidates.forEach((m, i) => {
    const slot = slots[i]!;
    if (slot.ok) sendable.push(m);
    else holds.push({ m, state: 'deferred', until: slot.retryAt, reason: 'per-recipient limit' });
  });
  for (const h of holds) {
    const tooLate = h.m.expires_at !== null && Number(h.m.expires_at) < h.until;
    changes.push(
      tooLate
        ? { id: h.m.id, state: 'expired', reason: `${h.reason}; would be too late` }
        : { id: h.m.id, state: h.state, reason: h.reason, notBefore: h.until },
    );
  }
  const outcomes = await Promise.allSettled(
    sendable.map((m) =>
      d.gateway.send({ messageId: m.id, to: d.vault.decrypt(m.phoneEnc!, m.phone_hash!), text: m.body }),
    ),
  );
  const sent: Array<{ id: string; gatewayIds: string[] }> = [];
  outcomes.forEach((o, i) => {
    const m = sendable[i]!;
    if (o.status === 'fulfilled') {
      sent.push({ id: m.id, gatewayIds: o.value.gatewayIds });
      return;
    }
    const err = o.reason as Error;
    if (err instanceof PermanentSendError) {
      changes.push({ id: m.id, state: 'rejected', reason: err.reason });
      return;
    }
    const job = jobOf.get(m.id)!;
    const last = job.retryCount >= job.retryLimit;
    d.log(`notify: message ${m.id} to ${m.masked} ${last ? 'failed' : 'will be retried'}: ${err.message}`);
    changes.push({ id: m.id, state: last ? 'failed' : 'retrying', reason: err.message });
    results.set(job.id, { id: job.id, status: 'failed', output: { reason: err.message } });
  });
  await markSubmitted(d.db, sent, d.now);
  await setStates(d.db, changes, d.now);
  for (const h of holds) {
    if (changes.some((c) => c.id === h.m.id && c.state !== 'expired'))
      await d.queueJob(h.m.id, h.until - d.now);
  }
  return [...results.values()];
}
