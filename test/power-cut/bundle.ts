/**
 * The power-cut test's appliance (appliance.ts: the real assembleAppliance) as one prebuilt script,
 * so each of the test's 200 starts pays as little as a start can: no TypeScript, no module
 * resolution, no compilation.
 *
 * - One CommonJS file holds appliance.ts, the appliance code it loads and the npm packages too
 *   (only packages with native addons stay `require`s): a start opens one file instead of
 *   resolving and reading some 600 modules (half of what loading the appliance cost).
 * - A V8 code cache of that file, made by one start of it on a scratch data directory, lets every
 *   later start skip compiling what the start runs (the other half, about 0.3 CPU-s a start).
 *   V8 checks a code cache against the source's length only, so both files are named by a hash of
 *   the bundle's content: a changed bundle never meets an old cache.
 *
 * Written under node_modules/.cache so the packages left out resolve as the sources' do.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

// Spelled in parts: the test run's compiled tree (scripts/js-tree.mjs) rewrites every literal
// import-meta-url text in a file to that file's source URL, this string included.
const IMPORT_META_URL = ['import', 'meta', 'url'].join('.');
/** Packages with native addons: loaded from node_modules at run time, never bundled. */
const NATIVE_PACKAGES = ['@serialport/bindings-cpp', 'node-hid', '@napi-rs/canvas'];
/** The loader's first argument that makes it write the code cache once READY and exit. */
const WRITE_CACHE = '--write-code-cache';

/**
 * Runs the bundle from a vm.Script with the code cache when there is one; with WRITE_CACHE it runs
 * the appliance once, then writes the cache of everything compiled so far (atomically) and exits.
 */
function loaderSource(bundle: string, cache: string): string {
  return `'use strict';
const { existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');
const bundle = ${JSON.stringify(bundle)};
const cache = ${JSON.stringify(cache)};
const args = process.argv.slice(2);
const writeCache = args[0] === ${JSON.stringify(WRITE_CACHE)};
const cachedData = !writeCache && existsSync(cache) ? readFileSync(cache) : undefined;
const script = new vm.Script(
  '(function (exports, require, module, __filename, __dirname) {' + readFileSync(bundle, 'utf8') + '\\n})',
  { filename: bundle, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER },
);
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, createRequire(bundle), module_, bundle, dirname(bundle));
module_.exports.runPowerCutAppliance(writeCache ? args.slice(1) : args).then(() => {
  if (!writeCache) return;
  writeFileSync(cache + '.tmp', script.createCachedData());
  renameSync(cache + '.tmp', cache);
  process.exit(0);
}, (err) => {
  console.error(err);
  process.exit(1);
});
`;
}

function run(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} ${args.join(' ')} exited ${code}:\n${err}`)),
    );
  });
}

/** Builds the bundle and its code cache where they are not built yet; returns the script to run with node. */
export async function bundleServe(): Promise<string> {
  const dir = fileURLToPath(new URL('../../node_modules/.cache/shequ-power-cut/', import.meta.url));
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./appliance.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: NATIVE_PACKAGES,
    write: false,
    outfile: join(dir, 'appliance.cjs'),
    logLevel: 'warning',
    plugins: [
      {
        // Code that finds its files next to itself (sim cards, profiles) must still find them.
        name: 'source-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, async ({ path }) =>
            path.includes('/node_modules/')
              ? undefined
              : {
                  loader: 'ts',
                  contents: (await readFile(path, 'utf8')).replaceAll(
                    IMPORT_META_URL,
                    JSON.stringify(pathToFileURL(path).href),
                  ),
                },
          );
        },
      },
    ],
  });
  const code = result.outputFiles[0]!.contents;
  const key = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const bundle = join(dir, `appliance-${key}.cjs`);
  const cache = join(dir, `appliance-${key}.v8cache`);
  const loader = join(dir, `start-${key}.cjs`);
  if (!existsSync(cache)) {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(bundle, code);
    writeFileSync(loader, loaderSource(bundle, cache));
    const scratch = mkdtempSync(join(tmpdir(), 'shequ-power-cut-cache-'));
    try {
      await run(loader, [WRITE_CACHE, join(scratch, 'data')]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return loader;
}
