import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { languageDataDir, localWorkerOptions } from './local-data.ts';
import { parseTsv } from './native-cli.ts';

const nodeModules = resolve(import.meta.dirname, '../../../node_modules');

describe('tesseract.js runs from local files only', () => {
  for (const lang of ['eng', 'chi_sim'] as const) {
    it(`points ${lang} at the gzipped model inside node_modules, with caching off`, () => {
      const opts = localWorkerOptions(lang);
      assert.equal(opts.cacheMethod, 'none');
      assert.equal(opts.gzip, true);
      assert.ok(opts.langPath.startsWith(join(nodeModules, '@tesseract.js-data', lang)), opts.langPath);
      assert.ok(existsSync(join(opts.langPath, `${lang}.traineddata.gz`)));
      for (const value of [opts.langPath, opts.corePath, opts.workerPath]) {
        assert.doesNotMatch(value, /^(https?|ftp):/i);
        assert.ok(value.startsWith(nodeModules), `${value} is outside node_modules`);
      }
    });
  }

  it('finds the wasm core and the Node worker script in node_modules', () => {
    const opts = localWorkerOptions('eng');
    assert.ok(existsSync(join(opts.corePath, 'tesseract-core-simd-lstm.wasm')));
    assert.ok(existsSync(join(opts.corePath, 'tesseract-core-lstm.wasm')));
    assert.ok(existsSync(opts.workerPath));
  });

  it('uses the packaged models: integer LSTM for eng, the float one for chi_sim (names), either on request', () => {
    assert.match(languageDataDir('eng'), /4\.0\.0_best_int$/);
    assert.match(languageDataDir('chi_sim'), /chi_sim\/4\.0\.0$/);
    assert.match(languageDataDir('chi_sim', '4.0.0_best_int'), /4\.0\.0_best_int$/);
  });
});

describe('parseTsv (native tesseract output)', () => {
  it('joins words by line and averages word confidence', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '1\t1\t0\t0\t0\t0\t0\t0\t100\t30\t-1\t',
      '5\t1\t1\t1\t1\t1\t0\t0\t50\t30\t90\t1101',
      '5\t1\t1\t1\t1\t2\t50\t0\t50\t30\t80\t0519',
      '5\t1\t1\t1\t2\t1\t0\t40\t50\t30\t70\tX',
    ].join('\n');
    assert.deepEqual(parseTsv(tsv), {
      text: '1101 0519\nX',
      confidence: 80,
      words: [
        { text: '1101', confidence: 90 },
        { text: '0519', confidence: 80 },
        { text: 'X', confidence: 70 },
      ],
    });
  });

  it('reads empty output as no text with zero confidence', () => {
    assert.deepEqual(parseTsv('level\tpage_num\n'), { text: '', confidence: 0, words: [] });
  });
});
