// The project's TypeScript compiled once into plain JavaScript, file for file, for the test run.
//
// tsx compiles on the fly: every process that loads the appliance pays ~2 s of CPU for it (its
// loader resolves and serves ~300 modules through hooks, even from its cache), and a test run
// starts hundreds of such processes (each test file, each `shequ` command a test spawns). Here
// esbuild (the compiler tsx itself uses) writes each .ts/.tsx to a .js at the same relative path
// under one directory; imports of sources become imports of their .js, packages stay packages.
// `import.meta.url` (and .dirname/.filename) keep naming the source file, so code that finds its
// data next to itself (sim cards, profiles, fixtures) finds it, and stack traces map back to the
// sources through source maps (run with --enable-source-maps).
//
// The directory is named by a hash of every source and of this file, under node_modules/.cache
// (so packages resolve as from the sources): an unchanged tree is reused, a changed one is
// built aside and renamed into place, so concurrent runs never see a half-written tree.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const cacheDir = join(root, 'node_modules', '.cache', 'shequ-js');
const skipDirs = new Set(['node_modules', 'dist', '.git', 'var']);
/** Trees not used for this long are removed when another is built. */
const STALE_MS = 24 * 3600_000;

function sources(dir = root, out = []) {
  for (const name of readdirSync(dir)) {
    if (skipDirs.has(name) || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/**
 * Packages the compiled product code imports through a test stand-in that re-exports them (see
 * each stand-in's header); the stand-in itself imports the real package.
 */
const testSubstitutes = new Map([['@electric-sql/pglite', join(root, 'test/support/pglite-snapshot.ts')]]);

const isSource = (path) =>
  path.startsWith(`${root}/`) && !path.includes('/node_modules/') && /\.tsx?$/.test(path);
const jsName = (path) => path.replace(/\.tsx?$/, '.js');

/** The import specifier, from one source's .js in the tree, of another source's .js. */
function relativeJs(importer, target) {
  const spec = relative(dirname(importer), jsName(target));
  return spec.startsWith('.') ? spec : `./${spec}`;
}

/**
 * The compiled tree for the sources as they are now: its directory (holding each source's .js at
 * the source's relative path). Builds it when the sources changed since the last build.
 */
export async function jsTree() {
  const files = sources().sort();
  // The root too: the compiled files name their sources by absolute path (import.meta.url).
  const hash = createHash('sha256')
    .update(root)
    .update('\0')
    .update(readFileSync(new URL(import.meta.url)));
  for (const file of files)
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  const key = hash.digest('hex').slice(0, 16);
  const outDir = join(cacheDir, key);
  if (existsSync(join(outDir, '.complete'))) {
    const now = new Date();
    utimesSync(outDir, now, now);
    return outDir;
  }
  mkdirSync(cacheDir, { recursive: true });
  const building = join(cacheDir, `${key}.building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  await build({
    entryPoints: files,
    outbase: root,
    outdir: building,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    tsconfig: join(root, 'tsconfig.json'),
    plugins: [
      {
        name: 'file-for-file',
        setup(b) {
          // Every import stays an import: of the other source's .js (same relative path in the
          // tree), of a non-TypeScript file where it lies in the sources, or of the package.
          b.onResolve({ filter: /.*/ }, async (args) => {
            if (args.kind === 'entry-point' || args.pluginData === 'inner') return undefined;
            const substitute = testSubstitutes.get(args.path);
            if (substitute && args.importer !== substitute) {
              return { path: relativeJs(args.importer, substitute), external: true };
            }
            if (!args.path.startsWith('.') && !args.path.startsWith('/'))
              return { path: args.path, external: true };
            const found = await b.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              importer: args.importer,
              pluginData: 'inner',
            });
            if (found.errors.length > 0) return { errors: found.errors };
            if (!isSource(found.path)) return { path: found.path, external: true };
            return { path: relativeJs(args.importer, found.path), external: true };
          });
          b.onLoad({ filter: /\.tsx?$/ }, ({ path }) => {
            const url = pathToFileURL(path).href;
            const contents = readFileSync(path, 'utf8')
              .replaceAll('import.meta.url', JSON.stringify(url))
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(path)))
              .replaceAll('import.meta.filename', JSON.stringify(path));
            return { contents, loader: path.endsWith('.tsx') ? 'tsx' : 'ts', resolveDir: dirname(path) };
          });
        },
      },
    ],
  });
  // bin/shequ.mjs without tsx: what a test spawns as `shequ` (see shequBin in test/support).
  mkdirSync(join(building, 'bin'));
  writeFileSync(
    join(building, 'bin', 'shequ.mjs'),
    "const { runFromProcess } = await import('../cli/main.js');\nprocess.exitCode = await runFromProcess(process.argv.slice(2));\n",
  );
  // Its presence says the tree is whole.
  writeFileSync(join(building, '.complete'), '');
  try {
    renameSync(building, outDir);
  } catch (err) {
    // Another run built the same tree meanwhile: use theirs.
    if (!existsSync(join(outDir, '.complete'))) throw err;
    rmSync(building, { recursive: true, force: true });
  }
  pruneStale(key);
  return outDir;
}

function pruneStale(keep) {
  for (const name of readdirSync(cacheDir)) {
    if (name === keep) continue;
    const full = join(cacheDir, name);
    try {
      if (Date.now() - statSync(full).mtimeMs > STALE_MS) rmSync(full, { recursive: true, force: true });
    } catch {
      // another run removed it
    }
  }
}

/** Where the compiled JavaScript of a source file (path relative to the project) lies in the tree. */
export function compiled(tree, sourcePath) {
  return join(tree, jsName(relative(root, join(root, sourcePath))));
}
