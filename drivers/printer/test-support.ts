/** Shared synthetic fixtures and helpers for the printer tests (no real personal data). */
import type { TicketDocument } from './types.ts';

export const sampleTicket: TicketDocument = {
  centreName: '幸福里社区服务中心',
  serviceName: '社保卡办理',
  number: 'A001',
  peopleAhead: 3,
  estimatedWaitMin: 12,
  issuedAt: new Date('2026-11-27T02:05:00Z'),
  qrPayload: 'https://q.example.cn/t/A001?c=xf01',
  holderMasked: '王*',
};

export async function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
