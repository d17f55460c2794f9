/** Where a command writes; tests pass their own to capture output without touching process.stdout. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const stdio: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};
