/**
 * `npm start` on a fresh clone has no kiosk-ui/dist: the screens are built here when they are
 * missing or older than their sources (esbuild takes a second or two), so the demo serves them
 * with nothing run first. An appliance installed for real builds them at install (`npm run build`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apps, buildUi, defaultOutDir } from '../kiosk-ui/build.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = /\.(ts|tsx|css)$/;
const NOT_SOURCE = /(\.test\.ts$|^dist$|^test-support$|^bench$|^node_modules$)/;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_SOURCE.test(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (SOURCE.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Why the screens in `outDir` must be built, or null when they are up to date. */
export function screensStale(outDir = defaultOutDir): string | null {
  const pages = apps.map((app) => join(outDir, app, 'index.html'));
  if (pages.some((p) => !existsSync(p))) return 'not built yet';
  const built = Math.min(...pages.map((p) => statSync(p).mtimeMs));
  const sources = Math.max(newestSource(join(root, 'kiosk-ui')), newestSource(join(root, 'contract')));
  return sources > built ? 'older than their sources' : null;
}

export async function ensureScreensBuilt(log: (line: string) => void, outDir = defaultOutDir): Promise<void> {
  const why = screensStale(outDir);
  if (!why) return;
  log(`building the screens (${why}) into ${outDir} …`);
  await buildUi(outDir);
}
