/**
 * Random numbers for ULIDs from a pool of cryptographic random bytes, refilled 4 KiB at a time.
 * The ulid package asks the Web Crypto API for one byte per character (16 calls per ULID), which
 * cost a store commit more than its own JSON encoding; the bytes are the same quality.
 */
import { randomFillSync } from 'node:crypto';

/** A PRNG in ulid's form: a number in [0, 1) from one random byte. */
export function pooledRandom(size = 4096): () => number {
  const pool = Buffer.alloc(size);
  let at = size;
  return () => {
    if (at === size) {
      randomFillSync(pool);
      at = 0;
    }
    return pool[at++]! / 256;
  };
}
