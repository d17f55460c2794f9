/**
 * SAM status codes (SW3, reference §3) as named verdicts. A verdict is a value the device API returns;
 * only a broken link is an error.
 */

export const SAM_VERDICTS = {
  144: 'success',
  145: 'no-content',
  159: 'card-found',
  16: 'checksum-error',
  17: 'length-error',
  33: 'command-error',
  35: 'unauthorised-operation',
  36: 'unrecognised-error',
  49: 'card-rejected-sam',
  50: 'sam-rejected-card',
  51: 'verification-error',
  64: 'unknown-card-type',
  65: 'read-failed',
  71: 'challenge-failed',
  96: 'self-test-failed',
  102: 'sam-not-authorised',
  128: 'no-card',
  129: 'select-failed',
} as const;

export type KnownSw3 = keyof typeof SAM_VERDICTS;
export type SamVerdictName = (typeof SAM_VERDICTS)[KnownSw3] | 'unknown-status';

export interface SamVerdict {
  sw3: number;
  verdict: SamVerdictName;
}

/** Human-readable text for each verdict, for logs and the installer CLI. */
export const VERDICT_TEXT: Record<SamVerdictName, string> = {
  success: 'success (操作成功)',
  'no-content': 'the card has no content for this item (证/卡中此项无内容)',
  'card-found': 'card found (寻找证/卡成功)',
  'checksum-error': 'the SAM received a frame with a bad checksum (校验和错)',
  'length-error': 'the SAM received a frame with a bad length (长度错)',
  'command-error': 'the SAM rejected the command or its sequence (命令错误)',
  'unauthorised-operation': 'unauthorised operation (越权操作)',
  'unrecognised-error': 'unrecognised error (无法识别的错误)',
  'card-rejected-sam': 'the card failed to authenticate the SAM (证/卡认证 SAM 失败)',
  'sam-rejected-card': 'the SAM failed to authenticate the card (SAM 认证证/卡失败)',
  'verification-error': 'information verification error (信息验证错误)',
  'unknown-card-type': 'unknown card type or wrong card (无法识别的卡类型)',
  'read-failed': 'reading the card failed, e.g. it was removed during the read (读证/卡操作失败)',
  'challenge-failed': 'get-challenge failed (取随机数失败)',
  'self-test-failed': 'the SAM self-test failed (SAM 自检失败)',
  'sam-not-authorised': 'the SAM is not authorised (SAM 没经过授权)',
  'no-card': 'no card on the reader (寻找证/卡失败)',
  'select-failed': 'selecting the card failed (选取证/卡失败)',
  'unknown-status': 'unknown SAM status code',
};

export function verdictOf(sw3: number): SamVerdict {
  const name = (SAM_VERDICTS as Record<number, SamVerdictName | undefined>)[sw3];
  return { sw3, verdict: name ?? 'unknown-status' };
}

export function describeVerdict(v: SamVerdict): string {
  return `${VERDICT_TEXT[v.verdict]} [SW3 0x${v.sw3.toString(16).padStart(2, '0').toUpperCase()}]`;
}
