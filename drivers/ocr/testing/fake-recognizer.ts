/** A Recognizer that answers from a script, for pool and pipeline tests without tesseract. */
import type { Recognizer, StripRequest, StripText } from '../engine/recognizer.ts';

export class FakeRecognizer implements Recognizer {
  readonly name = 'fake';
  readonly requests: StripRequest[] = [];
  active = 0;
  maxActive = 0;
  closed = false;

  constructor(
    private readonly answer: (req: StripRequest) => StripText,
    private readonly delayMs = 0,
  ) {}

  async read(req: StripRequest): Promise<StripText> {
    this.requests.push(req);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      return this.answer(req);
    } finally {
      this.active--;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
