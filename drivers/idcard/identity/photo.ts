/**
 * The WLT photo stays opaque bytes unless a decoder is plugged in: WLT is proprietary and no open
 * decoder exists (reference §5.4), so a deployment that has a vendor library wraps it as a WltDecoder.
 */
import type { CardPhoto, WltDecoder } from './types.ts';

/** Decoded image bytes (e.g. a 102 × 126 BMP), or null when no decoder is available. */
export async function decodePhoto(photo: CardPhoto, decoder?: WltDecoder): Promise<Uint8Array | null> {
  if (!decoder) return null;
  return decoder.decode(photo.bytes);
}
