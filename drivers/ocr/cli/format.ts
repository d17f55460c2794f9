/** Human and JSON views of OCR results, masked unless the operator asks to reveal them. */
import { maskIdNumber, maskName } from '../../idcard/index.ts';
import type { IdCardOcrResult, MrzOcrResult } from '../types.ts';

export type AnyOcrResult = IdCardOcrResult | MrzOcrResult;

export function maskResult(r: AnyOcrResult): AnyOcrResult {
  if (r.kind === 'id-card') {
    return { ...r, number: maskIdNumber(r.number), ...(r.name ? { name: maskName(r.name) } : {}) };
  }
  if (r.kind === 'mrz') {
    return {
      ...r,
      documentNumber: maskIdNumber(r.documentNumber),
      surname: maskName(r.surname),
      givenNames: maskName(r.givenNames),
      birthDate: '******',
      optionalData: r.optionalData ? '*'.repeat(r.optionalData.length) : '',
      lines: r.lines.map(() => '(hidden: use --reveal)'),
    };
  }
  return r;
}

export function describe(r: AnyOcrResult): string {
  if (r.kind === 'not-found') return `${r.reason}\n`;
  if (r.kind === 'id-card') {
    const verdict = r.numberValid ? 'valid' : `NOT VALID (${r.problems.join(', ')}) — do not use`;
    return [
      `ID number   ${r.number}   ${verdict}`,
      `card        ${r.cardType}`,
      `name        ${r.name ?? `(withheld: ${r.nameWithheld ?? 'not read'})`}`,
      `confidence  ${r.confidence}`,
      '',
    ].join('\n');
  }
  const failed = Object.entries(r.checks)
    .filter(([, ok]) => !ok)
    .map(([k]) => k);
  const verdict = r.valid ? 'valid' : `NOT VALID (${failed.join(', ') || 'dates or sex'}) — do not use`;
  return [
    `MRZ ${r.format}     ${verdict}`,
    `document    ${r.documentCode} ${r.documentNumber} issued by ${r.issuingState}`,
    `holder      ${r.surname}, ${r.givenNames}  (${r.nationality}, ${r.sex}, born ${r.birthDate})`,
    `expires     ${r.expiryDate}`,
    ...r.lines.map((l) => `            ${l}`),
    '',
  ].join('\n');
}

export function isUsable(r: AnyOcrResult): boolean {
  return (r.kind === 'id-card' && r.numberValid) || (r.kind === 'mrz' && r.valid);
}
