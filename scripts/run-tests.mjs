#!/usr/bin/env node
// Runs every *.test.ts in the project with Node's own test runner, or the files named.
// Before anything starts, it checks the real parts the tests need and names the command
// that installs a missing one, instead of letting dozens of tests fail one by one.
// The TypeScript is compiled once for the run (scripts/js-tree.mjs) rather than by tsx in each
// test process and in each `shequ` a test spawns (SHEQU_JS_TREE tells test/support where it is).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { compiled, jsTree } from './js-tree.mjs';
import { findTests, root } from './test-files.mjs';

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

/**
 * Slowest first (scripts/slow-tests.txt), then the rest by name: the runner starts files in the
 * order given, and a long file started last would leave one worker idle while it runs to the end.
 */
function slowestFirst(files) {
  const slow = readFileSync(new URL('./slow-tests.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/)[0])
    .filter(Boolean);
  const rank = new Map(slow.map((file, i) => [file, i]));
  const byName = [...files].sort();
  return [
    ...byName.filter((f) => rank.has(f)).sort((a, b) => rank.get(a) - rank.get(b)),
    ...byName.filter((f) => !rank.has(f)),
  ];
}

const only = process.argv.slice(2);
const files = slowestFirst(only.length > 0 ? only : findTests());
/** Files run at once: one per core of the 2-core box; SHEQU_TEST_CONCURRENCY to try another figure. */
const concurrency = Number(process.env.SHEQU_TEST_CONCURRENCY ?? 2);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const tree = await jsTree();
const result = spawnSync(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    ...files.map((file) => compiled(tree, file)),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SHEQU_TEST: '1', SHEQU_JS_TREE: tree } },
);
process.exit(result.status ?? 1);
