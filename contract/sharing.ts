/**
 * The wire contract of data shared down from central (the district data centre) to kiosks: the
 * datasets central owns (service catalogue, holidays, central bookings, back-office progress,
 * supervision notices, rectification changes), each a versioned stream of signed deltas with a
 * retained, signed head, and chunked snapshots for a first sync or a gap too large for deltas.
 *
 * A stream is one dataset in one scope. District streams live under `v1/share/…`, which every
 * kiosk of the district's broker may read. A site's streams are published once, under
 * `v1/sites/{siteId}/share/…`, which only the kiosks of that site may read (the broker's identity
 * plugin knows each kiosk's site from its enrolment). Kiosk streams are published into the kiosk's
 * own tree (`v1/kiosks/{id}/share/kiosk/…`), so the per-kiosk ACL pattern keeps them to it;
 * personal data travels only in kiosk streams, to the kiosk that accepted the case or holds the booking.
 */
import { type Static, Type } from '@sinclair/typebox';

export const SHARE_VERSION = 1;

export const DATASET_NAMES = [
  'catalogue',
  'holidays',
  'appointments',
  'progress',
  'notices',
  'rectifications',
] as const;
export const DatasetName = Type.Union(DATASET_NAMES.map((n) => Type.Literal(n)));
export type DatasetName = Static<typeof DatasetName>;

export const ShareScope = Type.Union([Type.Literal('district'), Type.Literal('site'), Type.Literal('kiosk')]);
export type ShareScope = Static<typeof ShareScope>;

const Name = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

/** Which stream: a dataset in a scope (`scopeId` is the district, site or kiosk ID). */
export const StreamRef = Type.Object({
  dataset: DatasetName,
  scope: ShareScope,
  scopeId: Name,
});
export type StreamRef = Static<typeof StreamRef>;

export const shareTopics = {
  districtHead: (dataset: string) => `v1/share/${dataset}/head`,
  districtDelta: (dataset: string) => `v1/share/${dataset}/delta`,
  siteHead: (siteId: string, dataset: string) => `v1/sites/${siteId}/share/${dataset}/head`,
  siteDelta: (siteId: string, dataset: string) => `v1/sites/${siteId}/share/${dataset}/delta`,
  kioskHead: (kioskId: string, dataset: string) => `v1/kiosks/${kioskId}/share/kiosk/${dataset}/head`,
  kioskDelta: (kioskId: string, dataset: string) => `v1/kiosks/${kioskId}/share/kiosk/${dataset}/delta`,
  /** Kiosk → central: catch-up requests (deltas since a version, or a snapshot chunk). */
  request: (kioskId: string) => `v1/kiosks/${kioskId}/share/req`,
  /** Central → kiosk: answers to its requests (never retained). */
  response: (kioskId: string) => `v1/kiosks/${kioskId}/share/res`,
  /** Kiosk → central, retained: the version and content hash of every stream it has applied. */
  reported: (kioskId: string) => `v1/kiosks/${kioskId}/share/reported`,
  /** What a kiosk subscribes to (with its own ID, and its site's when it knows it). */
  kioskFilters: (kioskId: string, siteId?: string) => [
    'v1/share/+/head',
    'v1/share/+/delta',
    ...(siteId ? [`v1/sites/${siteId}/share/+/head`, `v1/sites/${siteId}/share/+/delta`] : []),
    `v1/kiosks/${kioskId}/share/kiosk/+/head`,
    `v1/kiosks/${kioskId}/share/kiosk/+/delta`,
    `v1/kiosks/${kioskId}/share/res`,
  ],
  allRequests: 'v1/kiosks/+/share/req',
  allReported: 'v1/kiosks/+/share/reported',
} as const;

/** Central's ed25519 signature over the canonical JSON of the payload without `sig`. */
export const ShareSignature = Type.Object({
  keyId: Type.String({ minLength: 1 }),
  alg: Type.Literal('ed25519'),
  value: Type.String({ minLength: 1 }),
});

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Key = Type.String({ minLength: 1, maxLength: 200 });

export const DeltaOp = Type.Union([
  Type.Object({ op: Type.Literal('put'), key: Key, value: Type.Unknown() }),
  Type.Object({ op: Type.Literal('del'), key: Key }),
]);
export type DeltaOp = Static<typeof DeltaOp>;

/**
 * One change of a stream: version n applies only on version n−1 (in order, or the kiosk asks for
 * what it missed), and leaves the content whose hash is `hash`. Applying a version twice is a no-op.
 */
export const DatasetDelta = Type.Object({
  v: Type.Literal(SHARE_VERSION),
  ...StreamRef.properties,
  version: Type.Integer({ minimum: 1 }),
  hash: Sha256,
  issuedAt: Type.Integer(),
  ops: Type.Array(DeltaOp, { minItems: 1 }),
  sig: ShareSignature,
});
export type DatasetDelta = Static<typeof DatasetDelta>;

/** Retained on the stream's head topic: the newest version, so a reconnecting kiosk sees how far behind it is. */
export const DatasetHead = Type.Object({
  v: Type.Literal(SHARE_VERSION),
  ...StreamRef.properties,
  version: Type.Integer({ minimum: 0 }),
  hash: Sha256,
  entries: Type.Integer({ minimum: 0 }),
  issuedAt: Type.Integer(),
  sig: ShareSignature,
});
export type DatasetHead = Static<typeof DatasetHead>;

export const ShareRequest = Type.Object({
  requestId: Type.String({ pattern: '^[0-9a-f]{16,64}$' }),
  ...StreamRef.properties,
  /** The version the kiosk has (0: none). */
  haveVersion: Type.Integer({ minimum: 0 }),
  /** 'deltas': the changes after haveVersion (central may answer with a snapshot instead); 'snapshot': one chunk. */
  want: Type.Union([Type.Literal('deltas'), Type.Literal('snapshot')]),
  /** For a snapshot: the chunk wanted (a cut transfer resumes from the first chunk it lacks). */
  chunk: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type ShareRequest = Static<typeof ShareRequest>;

/** What a snapshot is, signed: the gzip of the canonical JSON of all entries, cut in `chunks` pieces. */
export const SnapshotManifest = Type.Object({
  v: Type.Literal(SHARE_VERSION),
  ...StreamRef.properties,
  version: Type.Integer({ minimum: 0 }),
  /** Content hash: sha256 of the canonical JSON of the entries (the same hash deltas carry). */
  hash: Sha256,
  /** sha256 of the gzipped bytes, so a corrupted or mixed-up chunk is found before unzipping. */
  gzipSha256: Sha256,
  gzipBytes: Type.Integer({ minimum: 0 }),
  chunks: Type.Integer({ minimum: 1 }),
  issuedAt: Type.Integer(),
  sig: ShareSignature,
});
export type SnapshotManifest = Static<typeof SnapshotManifest>;

export const ShareResponse = Type.Union([
  Type.Object({ requestId: Type.String(), kind: Type.Literal('deltas'), deltas: Type.Array(DatasetDelta) }),
  Type.Object({
    requestId: Type.String(),
    kind: Type.Literal('snapshot-chunk'),
    manifest: SnapshotManifest,
    chunk: Type.Integer({ minimum: 0 }),
    /** base64 of this chunk's gzipped bytes. */
    data: Type.String(),
  }),
  Type.Object({ requestId: Type.String(), kind: Type.Literal('refused'), why: Type.String() }),
]);
export type ShareResponse = Static<typeof ShareResponse>;

/** Retained by the kiosk after every applied version (and every refusal), so central knows who is on what. */
export const ShareReported = Type.Object({
  ts: Type.Integer(),
  streams: Type.Array(Type.Object({ ...StreamRef.properties, version: Type.Integer(), hash: Sha256 })),
  /** The last messages refused, newest first, each naming its problem. */
  refused: Type.Array(Type.Object({ topic: Type.String(), why: Type.String(), at: Type.Integer() }), {
    maxItems: 20,
  }),
});
export type ShareReported = Static<typeof ShareReported>;

// ---- Entries of the datasets (the `value` of a put). No resident's name or number in clear. ----

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** The life events (人生事件) the catalogue is organised by, from birth to death. */
export const LIFE_EVENTS = [
  'birth',
  'schooling',
  'employment',
  'marriage-family',
  'retirement',
  'after-death',
] as const;
export const LifeEvent = Type.Union(LIFE_EVENTS.map((e) => Type.Literal(e)));
export type LifeEvent = Static<typeof LifeEvent>;

/**
 * The revision of the catalogue's entries. 1: the fields without "since 2". 2: `serviceId`, `fee`
 * and a form's `fields`, all optional, so a kiosk of revision 1 (whose checks let unknown fields
 * through) still applies a revision-2 catalogue, and a revision-2 kiosk reads a revision-1 one.
 */
export const CATALOGUE_ENTRY_REVISION = 2;

/** A downloadable form (表格) of an item: the file to download, and the blanks a paper copy prints. */
export const CatalogueForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  url: Type.String(),
  /** Since 2: what the form asks for, one blank each, so the kiosk prints a copy to fill in by hand. */
  fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 40 })),
});
export type CatalogueForm = Static<typeof CatalogueForm>;

export const CatalogueItem = Type.Object({
  itemId: Name,
  name: Type.String({ minLength: 1 }),
  department: Type.String({ minLength: 1 }),
  lifeEvents: Type.Array(LifeEvent),
  legalLimitDays: Type.Integer({ minimum: 1 }),
  promisedLimitDays: Type.Integer({ minimum: 1 }),
  materials: Type.Array(Type.String({ minLength: 1 })),
  guide: Type.String(),
  forms: Type.Array(CatalogueForm),
  /**
   * Since 2: the centre's queue service (by its configured ID) whose counters accept the item. An
   * item no centre configured appears at a centre only under a service it names that the centre
   * has (a site's override may name another); a configured item stays under its own service.
   */
  serviceId: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,32}$' })),
  /** Since 2: the fee (收费); a configured item keeps the centre's, a new item without one is free. */
  fee: Type.Optional(Type.String({ maxLength: 40 })),
});
export type CatalogueItem = Static<typeof CatalogueItem>;

/** Keyed by booking ID. The holder appears masked; the kiosk checks the resident in by the code. */
export const CentralAppointment = Type.Object({
  bookingId: Name,
  serviceId: Name,
  day: Day,
  slot: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
  holderMasked: Type.Optional(Type.String({ maxLength: 40 })),
  bookedAt: Type.Integer(),
});
export type CentralAppointment = Static<typeof CentralAppointment>;

export const BackOfficeStepKind = Type.Union([
  Type.Literal('received'),
  Type.Literal('in-review'),
  Type.Literal('approved'),
  Type.Literal('refused'),
  Type.Literal('ready-for-collection'),
]);
export type BackOfficeStepKind = Static<typeof BackOfficeStepKind>;

/** Keyed by the case ID the kiosk gave at acceptance: the deciding department's steps, oldest first. */
export const CaseProgressEntry = Type.Object({
  caseId: Type.String({ minLength: 1 }),
  department: Type.String({ minLength: 1 }),
  steps: Type.Array(
    Type.Object({
      step: BackOfficeStepKind,
      at: Type.Integer(),
      note: Type.Optional(Type.String({ maxLength: 200 })),
    }),
    { minItems: 1 },
  ),
});
export type CaseProgressEntry = Static<typeof CaseProgressEntry>;

/**
 * A supervision notice (催办通知, 黄牌督办通知书, 整改建议书) addressed to one centre: the case by its
 * ID and receipt number only (no resident's data), the day a reply (回告) is due by, and the reply
 * once central has it.
 */
export const NoticeEntry = Type.Object({
  noticeId: Name,
  kind: Type.String({ minLength: 1 }),
  caseId: Type.Optional(Type.String()),
  caseNumber: Type.Optional(Type.String()),
  text: Type.String(),
  issuedAt: Type.Integer(),
  replyBy: Type.Optional(Type.String()),
  reply: Type.Optional(Type.Object({ text: Type.String(), day: Type.String() })),
});
export type NoticeEntry = Static<typeof NoticeEntry>;

export const RECTIFICATION_STATES = ['open', 'replied', 'visited', 'escalated'] as const;

/**
 * A 差评's rectification as central holds it, keyed by the rating ID the centre gave: the state
 * central tracks, who is responsible now, the centre's answer as central recorded it, the 回访
 * (follow-up) result and any escalation, with central's acts in order. No resident's data: the
 * centre has the rating itself.
 */
export const RectificationEntry = Type.Object({
  ratingId: Type.String({ minLength: 1, maxLength: 200 }),
  serviceId: Type.String(),
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  openedDay: Day,
  dueDay: Day,
  state: Type.Union(RECTIFICATION_STATES.map((s) => Type.Literal(s))),
  assignee: Type.Optional(Type.String({ maxLength: 120 })),
  /** The centre's answer as central has it (from the admin panel, or recorded by hand). */
  reply: Type.Optional(Type.Object({ text: Type.String(), day: Day, by: Type.String() })),
  visit: Type.Optional(
    Type.Object({ result: Type.String(), satisfied: Type.Optional(Type.Boolean()), day: Day }),
  ),
  escalated: Type.Optional(Type.Object({ to: Type.String(), day: Day })),
  /** Every act on it, oldest first (central's and the centre's answers). */
  acts: Type.Array(
    Type.Object({
      action: Type.String(),
      day: Day,
      by: Type.String(),
      text: Type.Optional(Type.String()),
      to: Type.Optional(Type.String()),
      satisfied: Type.Optional(Type.Boolean()),
    }),
  ),
});
export type RectificationEntry = Static<typeof RectificationEntry>;

/** The entry schema of each dataset; a put whose value does not match is refused. */
export const DATASET_ENTRIES = {
  catalogue: CatalogueItem,
  holidays: Type.Object({ year: Type.Integer(), arrangement: Type.Unknown() }),
  appointments: CentralAppointment,
  progress: CaseProgressEntry,
  notices: NoticeEntry,
  rectifications: RectificationEntry,
} as const;

/** Which scopes may carry a dataset: personal data (bookings, progress) only to one kiosk. */
export const DATASET_SCOPES: Record<DatasetName, readonly ShareScope[]> = {
  catalogue: ['district', 'site'],
  holidays: ['district'],
  appointments: ['kiosk'],
  progress: ['kiosk'],
  notices: ['kiosk'],
  rectifications: ['kiosk'],
};
