/**
 * Bundles the kiosk, admin, board and counter rating apps into kiosk-ui/dist/<app>/
 * (index.html, app.js, app.css; the kiosk also chunk-*.js loaded on demand, e.g. its camera
 * screen). Everything is bundled; nothing is fetched from a CDN.
 */
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { type AppName, indexHtml, MODULE_APPS } from './html.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const defaultOutDir = join(here, 'dist');
export const apps: readonly AppName[] = ['kiosk', 'admin', 'board', 'rating'];

/** See typebox-stub.ts: the screens need the contract's types and paths, not its schemas. */
const typeboxStub: Plugin = {
  name: 'typebox-stub',
  setup(b) {
    b.onResolve({ filter: /^@sinclair\/typebox$/ }, () => ({ path: join(here, 'typebox-stub.ts') }));
  },
};

export interface BuiltFile {
  path: string;
  bytes: number;
}

export async function buildUi(
  outDir: string = defaultOutDir,
  options: { minify?: boolean } = {},
): Promise<BuiltFile[]> {
  const out = resolve(outDir);
  await rm(out, { recursive: true, force: true });
  const common: BuildOptions = {
    bundle: true,
    minify: options.minify ?? true,
    target: 'es2019',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [typeboxStub],
  };
  const classic = apps.filter((app) => !MODULE_APPS.includes(app));
  const results = [
    await build({
      ...common,
      entryPoints: Object.fromEntries(classic.map((app) => [`${app}/app`, join(here, app, 'main.tsx')])),
      outdir: out,
      format: 'iife',
    }),
    // Module apps: one build each, so their chunks sit beside their page and are served with it.
    ...(await Promise.all(
      MODULE_APPS.map((app) =>
        build({
          ...common,
          entryPoints: { app: join(here, app, 'main.tsx') },
          outdir: join(out, app),
          format: 'esm',
          splitting: true,
          chunkNames: 'chunk-[hash]',
        }),
      ),
    )),
  ];
  const outputs: Metafile['outputs'] = Object.assign({}, ...results.map((r) => r.metafile?.outputs ?? {}));
  for (const app of apps) {
    await mkdir(join(out, app), { recursive: true });
    await writeFile(join(out, app, 'index.html'), indexHtml(app));
  }
  const files: BuiltFile[] = Object.entries(outputs).map(([path, meta]) => ({
    path: relative(out, resolve(path)),
    bytes: meta.bytes,
  }));
  for (const app of apps) files.push({ path: join(app, 'index.html'), bytes: indexHtml(app).length });
  files.push(...(await copyClips(out)));
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The board's announcement clips (committed, made by board/clips/make-clips.ts) go beside its page. */
async function copyClips(out: string): Promise<BuiltFile[]> {
  const from = join(here, 'board', 'clips');
  const to = join(out, 'board', 'clips');
  await mkdir(to, { recursive: true });
  const copied: BuiltFile[] = [];
  for (const name of (await readdir(from)).filter((n) => n.endsWith('.opus')).sort()) {
    await copyFile(join(from, name), join(to, name));
    copied.push({ path: join('board', 'clips', name), bytes: (await stat(join(to, name))).size });
  }
  return copied;
}

/**
 * The scripts a page loads before it can show anything: app.js and the chunks it imports
 * statically (not those behind a dynamic import(), which load on demand).
 */
export async function initialScripts(outDir: string, app: AppName): Promise<string[]> {
  const seen: string[] = [];
  const visit = async (name: string): Promise<void> => {
    if (seen.includes(name)) return;
    seen.push(name);
    const js = await readFile(join(outDir, app, name), 'utf8');
    for (const m of js.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g)) await visit(m[1]!);
  };
  await visit('app.js');
  return seen.map((name) => join(outDir, app, name));
}
