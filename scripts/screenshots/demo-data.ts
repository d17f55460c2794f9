/**
 * Demo data for screenshots: cases accepted on earlier days (so the case board shows every
 * supervision level), a few tickets waiting today and two calls. Needs a clock it can move.
 */
import { pairScreen } from '../../appliance/http/test-appliance.ts';
import type { Simulation } from '../../demo/simulation.ts';
import { loadSimCard } from '../../drivers/idcard/index.ts';
import { staffSession } from '../../kiosk-ui/test-support/staff-session.ts';
import { takeTicket } from '../../kiosk-ui/test-support/tickets.ts';

export interface MovableClock {
  /** Pretend it is `days` calendar days ago (0: now). */
  setDaysAgo(days: number): void;
}

/** Replaces Date.now before the appliance starts, so the appliance's own clock follows it. */
export function installMovableClock(): MovableClock {
  const real = Date.now.bind(Date);
  let shiftMs = 0;
  Date.now = () => real() - shiftMs;
  return {
    setDaysAgo(days) {
      shiftMs = days * 24 * 60 * 60_000;
    },
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withCard(sim: Simulation, name: string, work: () => Promise<void>): Promise<void> {
  sim.reader.place(loadSimCard(name));
  for (let i = 0; i < 100 && !sim.running.appliance.cardView(); i++) await pause(50);
  try {
    await work();
  } finally {
    sim.reader.remove();
    for (let i = 0; i < 100 && sim.running.appliance.cardView(); i++) await pause(50);
  }
}

interface PastCase {
  daysAgo: number;
  card: 'resident-zhang' | 'resident-li';
  serviceId: string;
  counterId: string;
  itemId: string;
  materials: string[];
}

const PAST_CASES: PastCase[] = [
  {
    daysAgo: 24,
    card: 'resident-zhang',
    serviceId: 'elderly-care',
    counterId: 'w2',
    itemId: 'elderly-allowance',
    materials: ['居民身份证', '户口簿'],
  },
  {
    daysAgo: 11,
    card: 'resident-li',
    serviceId: 'elderly-care',
    counterId: 'w2',
    itemId: 'elderly-allowance',
    materials: ['居民身份证'],
  },
  {
    daysAgo: 9,
    card: 'resident-li',
    serviceId: 'residence',
    counterId: 'w3',
    itemId: 'residence-permit',
    materials: ['居民身份证', '近期一寸免冠照片'],
  },
  {
    daysAgo: 1,
    card: 'resident-zhang',
    serviceId: 'assistance',
    counterId: 'w2',
    itemId: 'dibao-apply',
    materials: ['居民身份证', '户口簿', '银行卡'],
  },
];

export async function seedDemo(sim: Simulation, clock: MovableClock): Promise<void> {
  const { url } = sim.running;
  // Tickets with a card and ratings come from the paired kiosk screen, as in the hall.
  const kiosk = await pairScreen(sim.running, 'kiosk');
  for (const c of PAST_CASES) {
    clock.setDaysAgo(c.daysAgo);
    const staff = await staffSession(url);
    await staff.callNext(c.counterId); // closes whatever the counter was serving
    let number = '';
    await withCard(sim, c.card, async () => {
      number = (await takeTicket(url, c.serviceId, true, kiosk)).ticket.number;
    });
    for (let i = 0; i < 10; i++) {
      const { ticket } = await staff.callNext(c.counterId);
      if (!ticket) throw new Error(`demo: ticket ${number} never reached ${c.counterId}`);
      if (ticket.number !== number) continue;
      await staff.acceptCase({ ticketId: ticket.id, itemId: c.itemId, materials: c.materials });
      break;
    }
    await staff.callNext(c.counterId);
  }
  clock.setDaysAgo(0);
  await sim.running.appliance.desk.cases.supervise();

  const staff = await staffSession(url);
  for (const serviceId of ['social-security', 'consult', 'social-security', 'consult', 'social-security']) {
    await takeTicket(url, serviceId);
  }
  // Some of today's work: served tickets, a no-show, ratings, and a call on each open counter.
  const served: string[] = [];
  for (let i = 0; i < 3; i++) {
    const { ticket } = await staff.callNext('w1');
    if (ticket) served.push(ticket.number);
  }
  await staff.callNext('w3');
  await staff.noShow('w3');
  for (const [i, number] of served.entries()) {
    await fetch(`${url}/api/ratings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...kiosk },
      body: JSON.stringify({ ticketNumber: number, score: i === 1 ? 4 : 5 }),
    });
  }
  for (let i = 0; i < 2; i++) await takeTicket(url, 'consult');
  // Counter 2 ends up serving a resident who came with a card: the console can accept an application.
  await withCard(sim, 'resident-li', async () => {
    await takeTicket(url, 'assistance', true, kiosk);
  });
  await staff.callNext('w3');
  await staff.callNext('w2');
}
