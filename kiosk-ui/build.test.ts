import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { apps, type BuiltFile, buildUi, initialScripts } from './build.ts';
import { MODULE_APPS } from './html.ts';

let out: string;
let files: BuiltFile[];

before(async () => {
  out = await mkdtemp(join(tmpdir(), 'shequ-ui-build-'));
  files = await buildUi(out);
});
after(async () => {
  await rm(out, { recursive: true, force: true });
});

test('builds index.html, app.js and app.css for each app (kiosk, admin, board, counter rating)', () => {
  const paths = files.map((f) => f.path).sort();
  for (const app of apps) {
    for (const name of ['index.html', 'app.js', 'app.css'])
      assert.ok(paths.includes(join(app, name)), `${app}/${name}`);
  }
});

test('index.html is Chinese-first and loads only relative, local assets', async () => {
  for (const app of apps) {
    const html = await readFile(join(out, app, 'index.html'), 'utf8');
    assert.match(html, /<html lang="zh-CN">/);
    const script = MODULE_APPS.includes(app)
      ? /<script type="module" src="\.\/app\.js"><\/script>/
      : /<script src="\.\/app\.js" defer><\/script>/;
    assert.match(html, script);
    assert.match(html, /<link rel="stylesheet" href="\.\/app\.css">/);
    assert.doesNotMatch(html, /https?:\/\//, `${app} must not reference a CDN`);
  }
});

test('bundles fetch nothing from the network and use the CJK system font stack', async () => {
  for (const app of apps) {
    const js = await readFile(join(out, app, 'app.js'), 'utf8');
    const css = await readFile(join(out, app, 'app.css'), 'utf8');
    assert.doesNotMatch(css, /@import|url\(\s*["']?https?:/, `${app}.css loads a remote resource`);
    assert.doesNotMatch(js, /fonts\.googleapis|cdn\.jsdelivr|unpkg\.com/);
    assert.match(css, /Noto Sans CJK SC/);
  }
});

test('the kiosk bundle stays within its budget (50 KB gzip) and leaves TypeBox out', async () => {
  const first = await initialScripts(out, 'kiosk');
  const js = Buffer.concat(await Promise.all(first.map((f) => readFile(f))));
  const gz = gzipSync(js).length;
  assert.ok(gz < 50 * 1024, `kiosk first-load JS is ${gz} bytes gzipped`);
  assert.doesNotMatch(js.toString('utf8'), /TypeBox|ExtendsCheck/);
  assert.match(js.toString('utf8'), /\/api\/events/, 'the contract paths are bundled');
});

test('the camera screen is a chunk of its own, loaded only on demand', async () => {
  const chunks = files.filter((f) => /^kiosk\/chunk-[\w-]+\.js$/.test(f.path));
  assert.ok(chunks.length > 0, 'the kiosk has on-demand chunks');
  const first = (await initialScripts(out, 'kiosk')).map((f) => f.slice(out.length + 1));
  const camera = [];
  for (const c of chunks) {
    if ((await readFile(join(out, c.path), 'utf8')).includes('getUserMedia')) camera.push(c.path);
  }
  assert.equal(camera.length, 1, 'one chunk holds the camera screen');
  assert.ok(!first.includes(camera[0]!), 'and the first load does not include it');
  const app = await readFile(join(out, 'kiosk', 'app.js'), 'utf8');
  assert.doesNotMatch(app, /getUserMedia/);
});

test('every clip an announcement can use is built beside the board, each a small Ogg Opus file', async () => {
  const { ALL_CLIPS } = await import('./board/announcement.ts');
  for (const name of ALL_CLIPS) {
    const clip = files.find((f) => f.path === join('board', 'clips', `${name}.opus`));
    assert.ok(clip, `clip ${name}`);
    assert.ok(clip.bytes > 500 && clip.bytes < 16 * 1024, `${name}: ${clip.bytes} bytes`);
    const head = await readFile(join(out, 'board', 'clips', `${name}.opus`));
    assert.equal(head.toString('ascii', 0, 4), 'OggS');
    assert.ok(head.includes(Buffer.from('OpusHead')), `${name} is Opus`);
  }
});
