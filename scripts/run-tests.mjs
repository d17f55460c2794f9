#!/usr/bin/env node
// Runs every *.test.ts in the project with Node's own test runner (TypeScript through tsx).
// Before anything starts, it checks the real parts the tests need and names the command
// that installs a missing one, instead of letting dozens of tests fail one by one.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skipDirs = new Set(['node_modules', 'dist', '.git', 'var', 'bench']);

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (skipDirs.has(name) || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const needs = [
  ['/usr/sbin/mosquitto', 'mosquitto'],
  // The broker's identity plugin (fleet/broker/plugin) is compiled from C for the broker tests.
  ['/usr/include/mosquitto_broker.h', 'mosquitto-dev'],
  ['/usr/include/mosquitto.h', 'libmosquitto-dev'],
  ['/usr/bin/gcc', 'gcc'],
  ['/usr/bin/socat', 'socat'],
  ['/usr/bin/chromium', 'chromium'],
  // The OCR tests photograph generated cards in these faces (seeded, so the same images everywhere).
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'fonts-noto-cjk'],
  ['/usr/share/fonts/opentype/ocr-b/OCRB.otf', 'fonts-ocr-b'],
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'fonts-wqy-zenhei'],
  ['/usr/share/fonts/truetype/arphic/ukai.ttc', 'fonts-arphic-ukai'],
];
const missing = needs.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
if (missing.length > 0) {
  console.error(`The tests run against real parts that are missing here: ${missing.join(', ')}.`);
  console.error(`Install them with:\n  apt-get update && apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}

const only = process.argv.slice(2);
const files = (only.length > 0 ? only : findTests(root)).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SHEQU_TEST: '1' } },
);
process.exit(result.status ?? 1);
