/**
 * Builds the central console's web app into fleet/console-web/dist (index.html, app.js, app.css),
 * with the same conventions as the kiosk screens (esbuild, Preact, one IIFE bundle, nothing from a
 * CDN). `npm run build` runs it after the kiosk apps; `shequ central build-web` runs it alone.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
export const consoleWebDir = join(here, 'dist');

const INDEX_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>区级数据中心 · 电子监察</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<div id="app"></div>
<noscript>此页面需要启用 JavaScript。</noscript>
<script src="/app.js" defer></script>
</body>
</html>
`;

export async function buildConsoleWeb(
  outDir: string = consoleWebDir,
): Promise<Array<{ path: string; bytes: number }>> {
  const out = resolve(outDir);
  await rm(out, { recursive: true, force: true });
  const result = await build({
    entryPoints: { app: join(here, 'ui', 'main.tsx') },
    outdir: out,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'index.html'), INDEX_HTML);
  return [
    ...Object.entries(result.metafile.outputs).map(([path, meta]) => ({
      path: relative(out, resolve(path)),
      bytes: meta.bytes,
    })),
    { path: 'index.html', bytes: INDEX_HTML.length },
  ];
}

export async function run(): Promise<number> {
  try {
    for (const f of await buildConsoleWeb())
      process.stdout.write(`  ${f.path.padEnd(20)} ${(f.bytes / 1024).toFixed(1)} KB\n`);
    process.stdout.write(`built the central console into ${consoleWebDir}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`central console build failed: ${(err as Error).message}\n`);
    return 1;
  }
}
