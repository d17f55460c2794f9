/**
 * The shared datasets as this kiosk holds them: one file per stream (version, content hash,
 * entries), each written durably, so what was applied survives a power cut and a restart resumes
 * from the version it reached. No resident's personal data is in these streams.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamRef } from '../../contract/sharing.ts';
import { writeFileDurably } from '../../platform/durable-file.ts';
import { contentHash } from '../../platform/share-signing.ts';

export interface StreamState extends StreamRef {
  version: number;
  hash: string;
  entries: Record<string, unknown>;
}

export const streamKey = (ref: StreamRef): string => `${ref.scope}-${ref.scopeId}-${ref.dataset}`;

export class LocalStreams {
  private readonly streams = new Map<string, StreamState>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.json')) continue;
      const state = JSON.parse(readFileSync(join(dir, name), 'utf8')) as StreamState;
      this.streams.set(streamKey(state), state);
    }
  }

  get(ref: StreamRef): StreamState {
    return (
      this.streams.get(streamKey(ref)) ?? {
        dataset: ref.dataset,
        scope: ref.scope,
        scopeId: ref.scopeId,
        version: 0,
        hash: contentHash({}),
        entries: {},
      }
    );
  }

  all(): StreamState[] {
    return [...this.streams.values()];
  }

  /** Of a dataset, the entries of every scope this kiosk holds. */
  entriesOf(dataset: StreamRef['dataset']): unknown[] {
    return this.all()
      .filter((s) => s.dataset === dataset)
      .flatMap((s) => Object.values(s.entries));
  }

  async put(state: StreamState): Promise<void> {
    await writeFileDurably(join(this.dir, `${streamKey(state)}.json`), JSON.stringify(state));
    this.streams.set(streamKey(state), state);
  }

  exists(ref: StreamRef): boolean {
    return existsSync(join(this.dir, `${streamKey(ref)}.json`));
  }
}
