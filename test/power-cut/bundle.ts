/**
 * Builds serve.ts and the appliance code it loads into one ES module (npm packages stay imports),
 * so each of the power-cut test's 200 starts loads plain JavaScript instead of compiling TypeScript.
 * The bundle is written under node_modules/.cache so its package imports resolve as the sources' do.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

// Spelled in parts: the test run's compiled tree (scripts/js-tree.mjs) rewrites every literal
// import-meta-url text in a file to that file's source URL, this string included.
const IMPORT_META_URL = ['import', 'meta', 'url'].join('.');

export async function bundleServe(): Promise<string> {
  const outfile = fileURLToPath(
    new URL('../../node_modules/.cache/shequ-power-cut/serve.mjs', import.meta.url),
  );
  await build({
    entryPoints: [fileURLToPath(new URL('./serve.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
    plugins: [
      {
        // Code that finds its files next to itself (sim cards, profiles) must still find them.
        name: 'source-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
            loader: 'ts',
            contents: (await readFile(path, 'utf8')).replaceAll(
              IMPORT_META_URL,
              JSON.stringify(pathToFileURL(path).href),
            ),
          }));
        },
      },
    ],
  });
  return outfile;
}
