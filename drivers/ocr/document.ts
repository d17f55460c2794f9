/** One frame, either document: the MRZ pipeline when the frame shows MRZ-like lines, else the card's. */
import type { Recognizer } from './engine/recognizer.ts';
import { type ReadCardOptions, readIdCard } from './id-number/read-card.ts';
import { analyseLayout } from './image/layout.ts';
import { type DecodedFrame, decodeFrame, type FrameInput } from './image/raster.ts';
import { MRZ_GAP_FACTOR, mrzLineGroups, readMrz } from './mrz/read-mrz.ts';
import type { DocumentOcrResult } from './types.ts';

export async function readDocument(
  image: FrameInput | DecodedFrame,
  recognizer: Recognizer,
  opts?: ReadCardOptions,
): Promise<DocumentOcrResult> {
  const frame = 'gray' in image ? image : await decodeFrame(image);
  const mrzLayout = analyseLayout(frame.gray, MRZ_GAP_FACTOR);
  if (mrzLineGroups(mrzLayout.lines.flatMap((l) => l.groups)).length >= 2) {
    const mrz = await readMrz(frame, recognizer, mrzLayout);
    if (mrz.kind === 'mrz') return mrz;
  }
  const card = await readIdCard(frame, recognizer, opts);
  if (card.kind === 'id-card') return card;
  return {
    kind: 'not-found',
    looking: 'document',
    reason:
      'no ID number or machine-readable zone found: hold the card front or the passport photo page flat and fully in view',
  };
}
