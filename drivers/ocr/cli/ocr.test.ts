import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { maskIdNumber, maskName } from '../../idcard/index.ts';
import { cardImage } from '../testing/card-image.ts';
import { run } from './ocr.ts';

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('shequ ocr', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shequ-ocr-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a masked, valid reading as JSON and exits 0', async () => {
    const card = await cardImage({ seed: 31, angleDeg: 2.5, blurPx: 0.5, noise: 6 });
    const file = join(dir, 'card.png');
    await writeFile(file, card.image);
    const { code, out } = await capture([file, '--kind', 'id', '--json']);
    assert.equal(code, 0);
    const result = JSON.parse(out) as { kind: string; number: string; numberValid: boolean };
    assert.equal(result.kind, 'id-card');
    assert.equal(result.numberValid, true);
    assert.equal(result.number, maskIdNumber(card.person.number));
    assert.ok(!out.includes(card.person.number), 'the full number must not be printed');
    assert.ok(!out.includes(card.person.name), 'the full name must not be printed');
  });

  it('prints the number and name masked as text, and in full only with --reveal', async () => {
    const card = await cardImage({ seed: 22, cardType: 'foreign-2023', angleDeg: -2 });
    const file = join(dir, 'foreign.jpg');
    await writeFile(file, card.image);
    const masked = await capture([file, '--kind', 'id']);
    assert.equal(masked.code, 0);
    assert.ok(masked.out.includes(maskIdNumber(card.person.number)), 'masked number shown');
    assert.ok(!masked.out.includes(card.person.number), 'the full number must not be printed');
    assert.match(masked.out, /card {8}foreign-2023/);
    const nameLine = masked.out.split('\n').find((l) => l.startsWith('name')) ?? '';
    assert.ok(
      nameLine.includes(maskName(card.person.name)) || /withheld/.test(nameLine),
      'the name is masked or withheld',
    );
    assert.ok(!masked.out.includes(card.person.name), 'the full name must not be printed');
    const revealed = await capture([file, '--kind', 'id', '--json', '--reveal']);
    const r = JSON.parse(revealed.out) as { number: string; name: string | null; nameWithheld?: string };
    assert.ok(r.number === card.person.number, 'revealed number is the printed one');
    assert.ok(r.name === card.person.name || (r.name === null && r.nameWithheld), 'name right or withheld');
  });

  it('exits 3 with the error code for a file that is not an image, on one line', async () => {
    const file = join(dir, 'junk.png');
    await writeFile(file, 'not a png');
    const { code, err } = await capture([file, '--kind', 'mrz']);
    assert.equal(code, 3);
    assert.match(err, /image-unreadable/);
    assert.equal(err.trimEnd().split('\n').length, 1, 'one line, no stack trace');
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await capture([])).code, 2);
    assert.equal((await capture(['a.png', '--kind', 'passport'])).code, 2);
    assert.equal((await capture(['a.png', '--bogus'])).code, 2);
    assert.equal((await capture([join(dir, 'missing.png')])).code, 2);
  });
});
