/** Joins a scanner to a CodeSigner: every scanned code becomes a verdict. */
import type { Scanner } from '../../drivers/scanner/index.ts';
import type { CodeSigner } from './code-signer.ts';
import type { CodeVerdict } from './verdicts.ts';

/** Calls onVerdict for each code the scanner reads; returns the function that stops listening. */
export function verifyScans(
  scanner: Pick<Scanner, 'on' | 'off'>,
  signer: CodeSigner,
  onVerdict: (verdict: CodeVerdict) => void,
): () => void {
  const onCode = (text: string) => onVerdict(signer.verifyCode(text));
  scanner.on('code', onCode);
  return () => {
    scanner.off('code', onCode);
  };
}
