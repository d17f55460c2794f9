/** A dataset's snapshot for batch sync: the gzip of its canonical entries, cut in chunks, with a signed manifest. */
import { gzipSync } from 'node:zlib';
import { SHARE_VERSION, type SnapshotManifest, type StreamRef } from '../../contract/sharing.ts';
import type { SigningKey } from '../../platform/bundle-signature.ts';
import { canonicalEntries, sha256Hex, signShared } from '../../platform/share-signing.ts';

/** Well under mosquitto's and EMQX's default message limits, and small enough to resend after a cut. */
export const SNAPSHOT_CHUNK_BYTES = 256 * 1024;

export interface Snapshot {
  manifest: SnapshotManifest;
  chunks: Buffer[];
}

export function buildSnapshot(
  ref: StreamRef,
  state: { version: number; hash: string; entries: Record<string, unknown> },
  key: SigningKey,
  now = Date.now(),
  chunkBytes = SNAPSHOT_CHUNK_BYTES,
): Snapshot {
  const gz = gzipSync(Buffer.from(canonicalEntries(state.entries), 'utf8'));
  const chunks: Buffer[] = [];
  for (let at = 0; at < gz.length || chunks.length === 0; at += chunkBytes) {
    chunks.push(gz.subarray(at, at + chunkBytes));
  }
  const manifest = signShared(
    {
      v: SHARE_VERSION,
      dataset: ref.dataset,
      scope: ref.scope,
      scopeId: ref.scopeId,
      version: state.version,
      hash: state.hash,
      gzipSha256: sha256Hex(gz),
      gzipBytes: gz.length,
      chunks: chunks.length,
      issuedAt: now,
    },
    key,
  ) as SnapshotManifest;
  return { manifest, chunks };
}
