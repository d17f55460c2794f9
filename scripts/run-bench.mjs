#!/usr/bin/env node
// `npm run bench [filter]`: runs every *.bench.ts (each exports `bench(): Promise<BenchResult>`),
// prints the project's figures beside their anchors, and writes bench/results/<name>.json.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', 'dist', '.git', 'var']);
function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name) || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) find(full, out);
    else if (name.endsWith('.bench.ts')) out.push(relative(root, full));
  }
  return out;
}
const filter = process.argv[2];
const files = find(root)
  .filter((f) => !filter || f.includes(filter))
  .sort();
let failed = 0;
for (const file of files) {
  // Each benchmark in its own process, so one's memory and warm caches do not colour the next.
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', join(root, 'scripts/bench-one.ts'), file],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
