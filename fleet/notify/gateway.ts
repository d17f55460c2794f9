/**
 * What the notification service needs from an SMS gateway, whatever the protocol: SMPP to the
 * operator's SMSC (smpp/smpp-gateway.ts), a log-only gateway for the demo, or a cloud provider's
 * HTTP API (an adapter that POSTs the text and turns the provider's status callbacks into the same
 * receipts).
 */
import type { DeliveryReceipt } from './receipt.ts';

export interface OutboundSms {
  /** Our message id, for logs and for gateways that take a client reference. */
  messageId: string;
  /** Normalised 11-digit mobile number. */
  to: string;
  text: string;
}

export interface SubmitOutcome {
  /** One id per part, as the gateway named it; receipts refer to these. */
  gatewayIds: string[];
}

export interface InboundSms {
  from: string;
  text: string;
}

export interface GatewayHandlers {
  /** Resolves once the receipt is stored; a gateway acks the receipt only then. */
  onReceipt(receipt: DeliveryReceipt): Promise<void>;
  onInbound(sms: InboundSms): Promise<void>;
}

export interface SmsGateway {
  readonly name: string;
  /** Why messages cannot go out right now (e.g. the bind was refused), if the gateway knows. */
  readonly problem?: string | undefined;
  start(handlers: GatewayHandlers): Promise<void>;
  /** Rejects with PermanentSendError (do not retry) or another error (retry later). */
  send(sms: OutboundSms): Promise<SubmitOutcome>;
  close(): Promise<void>;
}

/** The gateway refused this message for good (bad number, content rejected): do not retry. */
export class PermanentSendError extends Error {
  readonly code = 'NOTIFY_PERMANENT';
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
