#!/usr/bin/env node
// Runs every *.test.ts in the project with Node's own test runner, or the files named.
// Before anything starts, it checks the real parts the tests need and names the command
// that installs a missing one, instead of letting dozens of tests fail one by one.
// The TypeScript is compiled once for the run (scripts/js-tree.mjs) rather than by tsx in each
// test process and in each `shequ` a test spawns (SHEQU_JS_TREE tells test/support where it is).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

const only = process.argv.slice(2);
const files = (only.length > 0 ? only : findTests()).sort();
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
    '--test-concurrency=2',
    '--test-reporter=spec',
    ...files.map((file) => compiled(tree, file)),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SHEQU_TEST: '1', SHEQU_JS_TREE: tree } },
);
process.exit(result.status ?? 1);
