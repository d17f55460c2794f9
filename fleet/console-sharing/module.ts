/**
 * The central console's data-sharing module: publish catalogue changes, take bookings from the
 * district's booking service (answering with a code central signs), enter a department's
 * back-office steps one by one or as a batch file. Each change is computed and committed in the
 * route's own transaction, beside its audit row (a second transaction on PGlite's one connection
 * would wait for the route's forever), and published to the kiosks once that has committed.
 */
import { randomBytes } from 'node:crypto';
import type { Static, TSchema } from '@sinclair/typebox';
import type { DatasetDelta, DeltaOp, StreamRef } from '../../contract/sharing.ts';
import {
  CatalogueBatchRequest,
  CatalogueChangeRequest,
  CentralBookingCancelRequest,
  CentralBookingRequest,
  type CentralBookingResponse,
  ProgressBatchRequest,
  ProgressStepRequest,
  type ShareChangeResponse,
  sharingApi,
} from '../../contract/sharing-api.ts';
import type { SigningKey } from '../../platform/bundle-signature.ts';
import { maskedHolder } from '../../platform/masking.ts';
import { type PayloadDecoder, payloadDecoder } from '../../platform/mqtt-payload.ts';
import { type ConsoleModule, HttpError, type RouteResult } from '../central/module.ts';
import type { SqlRunner } from '../db/sql.ts';
import {
  bookingChange,
  byKiosk,
  type ProgressStep,
  progressChange,
  progressStream,
} from '../sharing/back-office.ts';
import {
  BatchFileError,
  parseBatchLines,
  parseCatalogueCsv,
  parseProgressFile,
} from '../sharing/batch-file.ts';
import { DatasetChangeError, type DatasetStore } from '../sharing/dataset-store.ts';
import type { SharingHub } from '../sharing/hub.ts';
import { streamsRoutes } from './streams.ts';

export interface ConsoleSharingOptions {
  hub: SharingHub;
  store: DatasetStore;
  /** Central's dataset key (the one kiosks pinned at enrolment): signs the booking codes. */
  key: SigningKey;
}

const decoders = {
  catalogue: payloadDecoder(CatalogueChangeRequest, 'catalogue change'),
  catalogueBatch: payloadDecoder(CatalogueBatchRequest, 'catalogue batch'),
  booking: payloadDecoder(CentralBookingRequest, 'booking'),
  bookingCancel: payloadDecoder(CentralBookingCancelRequest, 'booking cancellation'),
  progress: payloadDecoder(ProgressStepRequest, 'back-office step'),
  progressBatch: payloadDecoder(ProgressBatchRequest, 'back-office batch'),
};

function bodyOf<T extends TSchema>(decoder: PayloadDecoder<T>, body: unknown): Static<T> {
  const decoded = decoder.check(body);
  if (!decoded.ok) throw new HttpError(422, 'share.bad-request', decoded.problem);
  return decoded.value;
}

/** A bad file or entry is the sender's mistake (422, naming the line or field), not the server's. */
async function asSendersMistake<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DatasetChangeError || err instanceof BatchFileError)
      throw new HttpError(422, err.code, err.message);
    throw err;
  }
}

/** Personal data goes only to the kiosk that accepted the case: central must have it from that kiosk. */
async function checkCasesAreTheirs(db: SqlRunner, steps: readonly ProgressStep[]): Promise<void> {
  for (const s of steps) {
    const [row] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM cases WHERE kiosk_id = $1 AND case_id = $2',
      [s.kioskId, s.caseId],
    );
    if (!row || row.n === 0)
      throw new HttpError(404, 'share.no-such-case', `no case ${s.caseId} accepted at ${s.kioskId}`);
  }
}

function changed(hub: SharingHub, deltas: DatasetDelta[], audit: RouteResult['audit']): RouteResult {
  const body: ShareChangeResponse = {
    versions: deltas.map((d) => ({
      dataset: d.dataset,
      scope: d.scope,
      scopeId: d.scopeId,
      version: d.version,
    })),
    operations: deltas.reduce((n, d) => n + d.ops.length, 0),
  };
  return {
    status: 201,
    body,
    after: () => {
      for (const d of deltas) hub.publishLater(d);
    },
    ...(audit ? { audit } : {}),
  };
}

async function stepsIn(
  db: SqlRunner,
  store: DatasetStore,
  steps: readonly ProgressStep[],
): Promise<DatasetDelta[]> {
  await checkCasesAreTheirs(db, steps);
  const deltas: DatasetDelta[] = [];
  for (const [kioskId, ofKiosk] of byKiosk(steps))
    deltas.push(await store.changeIn(db, progressStream(kioskId), progressChange(store, ofKiosk)));
  return deltas;
}

export function consoleSharingModule({ hub, store, key }: ConsoleSharingOptions): ConsoleModule {
  return {
    id: 'sharing',
    routes: (ctx) => [
      {
        method: 'POST',
        url: sharingApi.catalogue,
        permission: 'fleet.act',
        audit: 'sharing.catalogue',
        async handler(req) {
          const c = bodyOf(decoders.catalogue, req.body);
          const ref: StreamRef = { dataset: 'catalogue', scope: c.scope, scopeId: c.scopeId };
          const ops: DeltaOp[] = [
            ...(c.put ?? []).map((item): DeltaOp => ({ op: 'put', key: item.itemId, value: item })),
            ...(c.delete ?? []).map((k): DeltaOp => ({ op: 'del', key: k })),
          ];
          const delta = await asSendersMistake(() => store.changeIn(req.db, ref, ops));
          return changed(hub, [delta], {
            target: `catalogue/${c.scope}/${c.scopeId}`,
            detail: { put: c.put?.length ?? 0, deleted: c.delete?.length ?? 0 },
          });
        },
      },
      {
        method: 'POST',
        url: sharingApi.catalogueBatch,
        permission: 'fleet.act',
        audit: 'sharing.catalogue-batch',
        async handler(req) {
          const b = bodyOf(decoders.catalogueBatch, req.body);
          const ref: StreamRef = { dataset: 'catalogue', scope: b.scope, scopeId: b.scopeId };
          const delta = await asSendersMistake(async () => {
            const ops = b.format === 'csv' ? parseCatalogueCsv(b.content) : parseBatchLines(b.content);
            return store.changeIn(req.db, ref, ops);
          });
          return changed(hub, [delta], {
            target: `catalogue/${b.scope}/${b.scopeId}`,
            detail: { format: b.format, operations: delta.ops.length },
          });
        },
      },
      {
        method: 'POST',
        url: sharingApi.progress,
        permission: 'supervision.act',
        audit: 'sharing.progress',
        async handler(req) {
          const p = bodyOf(decoders.progress, req.body);
          const { at, note, ...rest } = p;
          const step: ProgressStep = { ...rest, at: at ?? Date.now(), ...(note ? { note } : {}) };
          const deltas = await asSendersMistake(() => stepsIn(req.db, store, [step]));
          return changed(hub, deltas, { target: `${p.kioskId}/${p.caseId}`, detail: { step: p.step } });
        },
      },
      {
        method: 'POST',
        url: sharingApi.progressBatch,
        permission: 'supervision.act',
        audit: 'sharing.progress-batch',
        async handler(req) {
          const b = bodyOf(decoders.progressBatch, req.body);
          const deltas = await asSendersMistake(() =>
            stepsIn(req.db, store, parseProgressFile(b.format, b.content)),
          );
          return changed(hub, deltas, {
            detail: {
              format: b.format,
              kiosks: deltas.length,
              steps: deltas.reduce((n, d) => n + d.ops.length, 0),
            },
          });
        },
      },
      {
        method: 'POST',
        url: sharingApi.appointments,
        permission: 'supervision.act',
        audit: 'sharing.booking',
        async handler(req) {
          const { kioskId, bookingId, holder, mobile, ...rest } = bodyOf(decoders.booking, req.body);
          // Masked here, from what the booking service gave: never a caller's own "masked" string.
          const holderMasked = holder ? maskedHolder(holder) : undefined;
          const booking = {
            bookingId: bookingId ?? `C${randomBytes(8).toString('hex')}`,
            ...rest,
            ...(holderMasked ? { holderMasked } : {}),
            bookedAt: Date.now(),
          };
          const { ref, ops, code } = bookingChange(kioskId, booking, key);
          const delta = await asSendersMistake(() => store.changeIn(req.db, ref, ops));
          // The mobile goes only to the reminder hook (encrypted there), never down to the kiosk.
          await ctx.appointments?.booked(req.db, {
            kioskId,
            bookingId: booking.bookingId,
            serviceId: booking.serviceId,
            day: booking.day,
            slot: booking.slot,
            ...(mobile ? { mobile } : {}),
          });
          const body: CentralBookingResponse = { bookingId: booking.bookingId, version: delta.version, code };
          return {
            status: 201,
            body,
            after: () => hub.publishLater(delta),
            audit: {
              target: `${kioskId}/${booking.bookingId}`,
              detail: { day: booking.day, slot: booking.slot },
            },
          };
        },
      },
      {
        method: 'POST',
        url: sharingApi.appointmentCancel,
        permission: 'supervision.act',
        audit: 'sharing.booking-cancel',
        async handler(req) {
          const { kioskId, bookingId } = bodyOf(decoders.bookingCancel, req.body);
          const ref: StreamRef = { dataset: 'appointments', scope: 'kiosk', scopeId: kioskId };
          const delta = await asSendersMistake(() =>
            store.changeIn(req.db, ref, [{ op: 'del', key: bookingId }]),
          );
          await ctx.appointments?.cancelled(req.db, { kioskId, bookingId });
          return changed(hub, [delta], { target: `${kioskId}/${bookingId}` });
        },
      },
      ...streamsRoutes(store),
    ],
  };
}
