/**
 * Card-less tickets are open to any screen, so one client must not drain a day's numbers: each
 * kiosk screen (or unpaired address) has a rate, each service has a rate for all clients together,
 * card-less tickets may use only a share of a service's daily range (the rest stays for card
 * holders and for staff, who issue by hand past every limit here), and a client that is not a
 * paired kiosk screen may take only a small share a day. Refusals say so in Chinese and English.
 */
import type { LimitsConfig, ServiceConfig } from '../../contract/config/schema.ts';
import { KeyedBuckets } from './keyed-buckets.ts';
import { ThrottledError } from './throttled.ts';

export interface CardlessRequest {
  service: ServiceConfig;
  /** The centre day, e.g. '2026-12-01'. */
  day: string;
  /** Card-less tickets of this service issued today so far. */
  cardlessToday: number;
  /** The client's limit key: its paired screen or its address. */
  client: string;
  pairedKiosk: boolean;
}

const ASK_STAFF = '请到服务窗口由工作人员为您取号 / please ask staff at a counter to issue one';
const MAX_CLIENT_COUNTS = 20_000;

export class CardlessLimits {
  private perScreen: KeyedBuckets | null = null;
  private perService: KeyedBuckets | null = null;
  private configured = '';
  private day = '';
  private readonly takenToday = new Map<string, number>();

  constructor(
    private readonly limits: () => LimitsConfig['cardless'],
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws a ThrottledError (429) when this ticket would pass a limit; otherwise spends from the rates. */
  admit(req: CardlessRequest): void {
    const limits = this.current(req.day);
    const range = req.service.lastNumber - req.service.firstNumber + 1;
    const name = `${req.service.name} / ${req.service.nameEn}`;
    const untilTomorrow = 12 * 60 * 60_000;
    if (req.cardlessToday >= Math.floor(range * limits.serviceDailyShare)) {
      throw new ThrottledError(
        'tickets.service-share',
        `${name}：今天可自助取的号已用完，${ASK_STAFF} (today's self-service numbers are used up)`,
        untilTomorrow,
      );
    }
    const clientDay = `${req.service.id}|${req.client}`;
    if (!req.pairedKiosk) {
      const allowed = Math.max(1, Math.floor(range * limits.unpairedDailyShare));
      if ((this.takenToday.get(clientDay) ?? 0) >= allowed) {
        throw new ThrottledError(
          'tickets.client-share',
          `${name}：此设备今天取号已达上限，${ASK_STAFF} (this device has taken its share of today's numbers)`,
          untilTomorrow,
        );
      }
    }
    const screen = this.perScreen!.check(req.client);
    if (!screen.ok) {
      throw new ThrottledError(
        'tickets.screen-rate',
        `本机取号太频繁，请稍候再试，或${ASK_STAFF} (too many tickets from this screen; wait a moment)`,
        screen.retryAfterMs,
      );
    }
    const service = this.perService!.take(req.service.id);
    if (!service.ok) {
      throw new ThrottledError(
        'tickets.service-rate',
        `${name}：取号的人太多，请稍候再试，或${ASK_STAFF} (too many tickets for this service just now)`,
        service.retryAfterMs,
      );
    }
    this.perScreen!.take(req.client);
  }

  /** Counts an issued ticket against the client's daily share. */
  taken(serviceId: string, client: string): void {
    const key = `${serviceId}|${client}`;
    if (!this.takenToday.has(key) && this.takenToday.size >= MAX_CLIENT_COUNTS) return;
    this.takenToday.set(key, (this.takenToday.get(key) ?? 0) + 1);
  }

  /** The limits in force: rebuilt when the configuration changes, daily counts cleared at a new day. */
  private current(day: string): LimitsConfig['cardless'] {
    const limits = this.limits();
    const key = JSON.stringify(limits);
    if (key !== this.configured) {
      this.perScreen = new KeyedBuckets(limits.perScreen, this.now);
      this.perService = new KeyedBuckets(limits.perService, this.now);
      this.configured = key;
    }
    if (day !== this.day) {
      this.takenToday.clear();
      this.day = day;
    }
    return limits;
  }
}
