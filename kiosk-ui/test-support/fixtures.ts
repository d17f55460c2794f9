/** Synthetic state for tests: made-up centre, services and a masked card. */
import type { PublicState, TicketView } from '../../contract/api.ts';

export function sampleState(overrides: Partial<PublicState> = {}): PublicState {
  return {
    kiosk: {
      id: 'kiosk-test-01',
      centreName: '示例街道社区服务中心',
      centreNameEn: 'Example Street Community Centre',
    },
    services: [
      {
        id: 'social',
        prefix: 'A',
        name: '社保业务',
        nameEn: 'Social security',
        requiresCard: false,
        caseItems: [],
      },
      {
        id: 'dibao',
        prefix: 'B',
        name: '低保申请',
        nameEn: 'Subsistence allowance',
        requiresCard: true,
        caseItems: [],
      },
    ],
    counters: [
      { id: 'c1', number: 1, name: '1号窗口', serviceIds: ['social'], paused: false },
      { id: 'c3', number: 3, name: '3号窗口', serviceIds: ['social', 'dibao'], paused: false },
    ],
    waitingByService: { social: 2, dibao: 0 },
    calls: [],
    card: null,
    scan: null,
    devices: {
      reader: { state: 'ok', since: 0 },
      printer: { state: 'ok', since: 0 },
      scanner: { state: 'disconnected', detail: 'not configured', since: 0 },
      uplink: { state: 'ok', since: 0 },
      outbox: { depth: 0, oldestAgeMs: 0 },
    },
    ...overrides,
  };
}

export function sampleTicket(overrides: Partial<TicketView> = {}): TicketView {
  return {
    id: 't-1',
    number: 'A001',
    serviceId: 'social',
    serviceName: '社保业务',
    status: 'waiting',
    priority: false,
    issuedAt: 1_700_000_000_000,
    peopleAhead: 2,
    estimatedWaitMin: 9,
    ...overrides,
  };
}

/** Manual timers: tests advance time explicitly. */
export function manualTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    pendingCount: () => pending.size,
    setTimeout(fn: () => void, ms: number): unknown {
      const id = nextId++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle: unknown) {
      pending.delete(handle as number);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
  };
}
