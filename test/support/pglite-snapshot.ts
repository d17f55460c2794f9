/**
 * PGlite for the test run, with a shortcut for one costly step: a new PGlite runs
 * initdb in WebAssembly (~3 s of CPU, a second instance included), the same way every time. The
 * run's compiled tree (scripts/js-tree.mjs) imports this module wherever the product imports
 * '@electric-sql/pglite'; a PGlite created with default options then starts from a
 * dump of such a freshly initdb'd cluster (PGlite's own `loadDataDir`, ~1 s) instead. The dump
 * is made once per PGlite version by PGlite itself (create with defaults, dumpDataDir) and kept
 * under node_modules/.cache; everything after initdb (the schema migration included) runs as
 * in production. The same holds for a new (absent or empty) data directory on disk; an existing
 * one, and any option that shapes the cluster (user, database, extensions…), go to PGlite untouched.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

// V8's optimising tier for WebAssembly compiles PostgreSQL's hot functions a second time on
// background threads: ~3 s of CPU in every process's first PGlite (5.3 -> 1.9 CPU-s to open the
// central database), more than a test's queries win back from it (DB-heavy files got cheaper
// too). The baseline compiler alone runs the same code; tests assert no speeds.
setFlagsFromString('--liftoff-only');

export * from '@electric-sql/pglite';

/** Options that leave the cluster initdb makes as it is (they act on the client side only). */
const CLIENT_SIDE: ReadonlySet<string> = new Set(['parsers', 'serializers', 'debug']);

/** The package's version (its package.json is not among its exports: found beside its entry). */
const version = (
  JSON.parse(
    readFileSync(
      join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;
const dumpFile = join(
  fileURLToPath(new URL('../../node_modules/.cache/shequ-pglite/', import.meta.url)),
  `initdb-${version}.tar`,
);

const realCreate = PGlite.create.bind(PGlite) as (options?: PGliteOptions) => Promise<PGlite>;
let dump: Promise<Blob> | undefined;

function freshClusterDump(): Promise<Blob> {
  dump ??= (async () => {
    try {
      return new Blob([readFileSync(dumpFile)]);
    } catch {
      const db = await realCreate();
      const made = await db.dumpDataDir('none');
      await db.close();
      const bytes = new Uint8Array(await made.arrayBuffer());
      mkdirSync(dirname(dumpFile), { recursive: true });
      const aside = `${dumpFile}.${process.pid}.tmp`;
      writeFileSync(aside, bytes);
      renameSync(aside, dumpFile);
      return new Blob([bytes]);
    }
  })();
  return dump;
}

/** A data directory on disk that PGlite would initdb: absent or empty. */
function newDirectory(dataDir: unknown): boolean {
  if (typeof dataDir !== 'string' || dataDir.includes('://')) return false;
  try {
    return readdirSync(dataDir).length === 0;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** The options to start from the dump with, when PGlite would otherwise run initdb with defaults. */
function fromDump(dataDirOrOptions: unknown, options: unknown): PGliteOptions | undefined {
  const [dataDir, opts] =
    typeof dataDirOrOptions === 'string'
      ? [dataDirOrOptions, (options ?? {}) as PGliteOptions]
      : [(dataDirOrOptions as PGliteOptions | undefined)?.dataDir, (dataDirOrOptions ?? {}) as PGliteOptions];
  if (dataDir !== undefined && !newDirectory(dataDir)) return undefined;
  if (!Object.keys(opts).every((k) => CLIENT_SIDE.has(k) || k === 'dataDir')) return undefined;
  return { ...opts, ...(dataDir === undefined ? {} : { dataDir }) };
}

const create = async (dataDirOrOptions?: string | PGliteOptions, options?: PGliteOptions) => {
  const opts = fromDump(dataDirOrOptions, options);
  if (!opts) {
    return typeof dataDirOrOptions === 'string'
      ? (realCreate as (d: string, o?: PGliteOptions) => Promise<PGlite>)(dataDirOrOptions, options)
      : realCreate(dataDirOrOptions);
  }
  return realCreate({ ...opts, loadDataDir: await freshClusterDump() });
};

PGlite.create = create as typeof PGlite.create;
