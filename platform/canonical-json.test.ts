import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CanonicalJsonError, canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined and writes no whitespace', () => {
    const a = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: '中文' }, u: undefined });
    assert.equal(a, '{"a":{"c":"中文","d":[3,{"y":2,"z":1}]},"b":1}');
    assert.equal(canonicalJson(JSON.parse('{ "a" : {"c":"中文", "d":[3,{"z":1,"y":2}]}, "b":1 }')), a);
  });

  it('refuses values JSON cannot carry', () => {
    assert.throws(() => canonicalJson({ x: Number.NaN }), CanonicalJsonError);
    assert.throws(() => canonicalJson({ f: () => 1 }), CanonicalJsonError);
  });
});
