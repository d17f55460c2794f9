import { nextToken, type Token } from './escpos-tokenizer.ts';

/**
 * Cuts one connection's byte stream into jobs: a job ends at a cut (GS V) or when the
 * connection closes. Real-time requests (DLE EOT, DLE ENQ) are answered at once and are not
 * part of any job.
 */
export class JobSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private jobParts: Buffer[] = [];
  private jobHasContent = false;

  constructor(
    private readonly onJob: (raw: Buffer) => void,
    private readonly onRealTime: (token: Extract<Token, { kind: 'command' }>) => void,
  ) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let at = 0;
    while (at < this.pending.length) {
      const result = nextToken(this.pending, at);
      if (result === 'incomplete') break;
      const { token, length } = result;
      const bytes = this.pending.subarray(at, at + length);
      at += length;
      if (token.kind === 'command' && (token.name === 'DLE EOT' || token.name === 'DLE ENQ')) {
        this.onRealTime(token);
        continue;
      }
      this.jobParts.push(Buffer.from(bytes));
      if (isContent(token)) this.jobHasContent = true;
      if (token.kind === 'command' && token.name === 'GS V') this.flush();
    }
    this.pending = Buffer.from(this.pending.subarray(at));
  }

  /** The connection closed: whatever printable data is left is a job of its own. */
  end(): void {
    if (this.pending.length > 0) this.jobParts.push(this.pending);
    this.pending = Buffer.alloc(0);
    this.flush();
  }

  private flush(): void {
    const raw = Buffer.concat(this.jobParts);
    const hasContent = this.jobHasContent;
    this.jobParts = [];
    this.jobHasContent = false;
    if (hasContent) this.onJob(raw);
  }
}

function isContent(token: Token): boolean {
  if (token.kind === 'text') return true;
  if (token.kind === 'control') return token.byte === 0x0a;
  return ['GS V', 'GS ( k', 'GS k', 'GS v', 'ESC *', 'GS 8 L', 'GS /'].includes(token.name);
}
