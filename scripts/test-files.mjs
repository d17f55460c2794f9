// The test files of the project, found the same way by run-tests.mjs and test-cost.mjs.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;
const skipDirs = new Set(['node_modules', 'dist', '.git', 'var', 'bench']);

/** Every *.test.ts under the project, relative to its root, sorted. */
export function findTests(dir = root, out = []) {
  for (const name of readdirSync(dir)) {
    if (skipDirs.has(name) || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out.sort();
}
