/**
 * The demo's gateway: sends nothing, writes one masked line per message and reports it delivered,
 * so the whole path (queue, limits, receipts, console state) runs without an operator account.
 */
import type { GatewayHandlers, OutboundSms, SmsGateway, SubmitOutcome } from './gateway.ts';
import { maskPhone } from './phone.ts';
import { countParts } from './segments.ts';

export class LogGateway implements SmsGateway {
  readonly name = 'log';
  private handlers: GatewayHandlers | undefined;
  private next = 1;

  constructor(private readonly log: (line: string) => void) {}

  async start(handlers: GatewayHandlers): Promise<void> {
    this.handlers = handlers;
  }

  async send(sms: OutboundSms): Promise<SubmitOutcome> {
    const parts = countParts(sms.text);
    const gatewayIds = Array.from({ length: parts }, () => `log-${process.pid}-${this.next++}`);
    this.log(
      `sms (log only) #${sms.messageId} → ${maskPhone(sms.to)} [${parts} part${parts > 1 ? 's' : ''}] ${sms.text}`,
    );
    setImmediate(() => {
      for (const smscId of gatewayIds) {
        void this.handlers
          ?.onReceipt({ smscId, stat: 'DELIVRD', err: '000', doneAt: Date.now() })
          .catch(() => {});
      }
    });
    return { gatewayIds };
  }

  async close(): Promise<void> {}
}
