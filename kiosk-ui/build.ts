/**
 * Bundles the kiosk, admin and board apps into kiosk-ui/dist/<app>/
 * (index.html, app.js, app.css). Everything is bundled; nothing is fetched from a CDN.
 */
import { copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type AppName, indexHtml } from './html.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const defaultOutDir = join(here, 'dist');
export const apps: readonly AppName[] = ['kiosk', 'admin', 'board'];

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
  const result = await build({
    entryPoints: Object.fromEntries(apps.map((app) => [`${app}/app`, join(here, app, 'main.tsx')])),
    outdir: out,
    bundle: true,
    minify: options.minify ?? true,
    format: 'iife',
    target: 'es2019',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [typeboxStub],
  });
  for (const app of apps) {
    await mkdir(join(out, app), { recursive: true });
    await writeFile(join(out, app, 'index.html'), indexHtml(app));
  }
  const files: BuiltFile[] = Object.entries(result.metafile.outputs).map(([path, meta]) => ({
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
