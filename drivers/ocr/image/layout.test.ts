import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { numberLineCandidates } from '../id-number/read-card.ts';
import { blankImage, cardImage } from '../testing/card-image.ts';
import { analyseLayout } from './layout.ts';
import { decodeFrame } from './raster.ts';
import { groupAngle } from './text-lines.ts';

const deg = (rad: number): number => (rad * 180) / Math.PI;

describe('layout analysis of card photos', () => {
  for (const angleDeg of [-4.5, 0, 3]) {
    it(`measures a ${angleDeg}° tilt and finds the number line at the bottom`, async () => {
      const card = await cardImage({ seed: 41, angleDeg, blurPx: 0.5, noise: 6, format: 'png' });
      const frame = await decodeFrame(card.image);
      const layout = analyseLayout(frame.gray);
      assert.ok(Math.abs(deg(layout.theta) - angleDeg) < 1, `frame skew ${deg(layout.theta).toFixed(2)}°`);
      const [numberLine] = numberLineCandidates(layout.lines);
      assert.ok(numberLine, 'a number line candidate');
      // 18 characters, give or take glyphs that blur together.
      assert.ok(
        numberLine.glyphs.length >= 14 && numberLine.glyphs.length <= 19,
        `${numberLine.glyphs.length} glyphs`,
      );
      const lineAngle = deg(groupAngle(numberLine, layout.theta));
      assert.ok(Math.abs(lineAngle - angleDeg) < 0.4, `number line at ${lineAngle.toFixed(2)}°`);
      const lowest = Math.max(...layout.lines.flatMap((l) => l.groups).map((g) => g.y1));
      // On the lowest text line (its label may reach a little lower).
      assert.ok(
        numberLine.y1 > lowest - numberLine.height / 2,
        `number line ends at ${numberLine.y1}, text at ${lowest}`,
      );
    });
  }

  it('finds no text and no candidates on a blank frame', async () => {
    const frame = await decodeFrame(await blankImage());
    const layout = analyseLayout(frame.gray);
    assert.equal(layout.glyphCount, 0);
    assert.deepEqual(numberLineCandidates(layout.lines), []);
  });
});
