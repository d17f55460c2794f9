/** Generated mobile numbers for tests (never real ones, never printed in full). */
export function testPhone(i: number): string {
  return `139${String(10_000_000 + (i % 90_000_000)).padStart(8, '0')}`;
}
