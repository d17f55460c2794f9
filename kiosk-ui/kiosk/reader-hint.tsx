import { useLang } from '../shared/lang.ts';
import type { ReaderPlacement } from './reader-placement.ts';

/**
 * A card going down onto the reader pad, with an arrow towards where the reader is on the kiosk
 * (below the screen, on the left, in the middle or on the right). Drawn, not a picture file.
 */
export function ReaderIllustration({
  placement,
  big = false,
}: {
  placement: ReaderPlacement;
  big?: boolean;
}) {
  return (
    <svg
      class={big ? 'reader-art reader-art-big' : 'reader-art'}
      viewBox="0 0 160 120"
      aria-hidden="true"
      data-placement={placement}
    >
      <rect class="reader-pad" x="20" y="78" width="120" height="34" rx="8" />
      <g class="reader-card">
        <rect x="38" y="10" width="84" height="54" rx="6" />
        <rect class="reader-card-photo" x="96" y="20" width="18" height="24" rx="2" />
        <rect class="reader-card-line" x="46" y="22" width="40" height="5" rx="2" />
        <rect class="reader-card-line" x="46" y="34" width="32" height="5" rx="2" />
        <rect class="reader-card-line" x="46" y="50" width="62" height="5" rx="2" />
      </g>
      <path class="reader-arrow" d="M80 66 v34 m-12 -12 l12 12 l12 -12" />
    </svg>
  );
}

const whereKeys = {
  'below-left': 'card.where.below-left',
  'below-centre': 'card.where.below-centre',
  'below-right': 'card.where.below-right',
} as const;

/** "The reader is below the screen, on the right", in the screen's language. */
export function ReaderWhere({ placement }: { placement: ReaderPlacement }) {
  const { t } = useLang();
  return <span class="reader-where">{t(whereKeys[placement])}</span>;
}
