/**
 * What the resident must be told about the hardware, from `state.devices` and the SSE link.
 * Pure, so every fault has a test; the screens pick texts by `kind`. Printer details are matched
 * on the words of drivers/printer's CONDITION_TEXT (Chinese and English).
 */
import type { DeviceHealth, DevicesView } from '../../contract/api.ts';

export type KioskFault =
  /** The stream to the appliance is down: nothing on this screen can be trusted or done. */
  | 'appliance-offline'
  | 'printer-paper-out'
  | 'printer-jammed'
  | 'printer-cover-open'
  | 'printer-offline'
  /** Any other printer fault, e.g. head overheat or an unrecoverable error. */
  | 'printer-fault'
  | 'printer-paper-low'
  | 'reader-unplugged'
  | 'reader-fault'
  /** Uplink to central down: tickets are still issued, a small notice only. */
  | 'uplink-down';

export interface FaultSummary {
  faults: KioskFault[];
  /** Tickets still come out of the printer. */
  canPrint: boolean;
  /** Services that need an ID card can be used. */
  canReadCards: boolean;
  /** Anything can be done at all (the appliance answers). */
  canIssue: boolean;
}

function printerFault(health: DeviceHealth): KioskFault | null {
  const detail = (health.detail ?? '').toLowerCase();
  if (health.state === 'ok') return null;
  if (health.state === 'disconnected') return 'printer-offline';
  if (health.state === 'warning') return /paper|纸/.test(detail) ? 'printer-paper-low' : null;
  if (/jam|卡纸|cutter|切刀/.test(detail)) return 'printer-jammed';
  if (/cover|盖/.test(detail)) return 'printer-cover-open';
  if (/paper|纸/.test(detail)) return 'printer-paper-out';
  if (/offline|离线/.test(detail)) return 'printer-offline';
  return 'printer-fault';
}

function readerFault(health: DeviceHealth): KioskFault | null {
  if (health.state === 'disconnected') return 'reader-unplugged';
  if (health.state === 'fault') return 'reader-fault';
  return null;
}

export function summariseFaults(devices: DevicesView | undefined, connected: boolean): FaultSummary {
  if (!connected)
    return { faults: ['appliance-offline'], canPrint: false, canReadCards: false, canIssue: false };
  if (!devices) return { faults: [], canPrint: true, canReadCards: true, canIssue: true };
  const faults: KioskFault[] = [];
  const printer = printerFault(devices.printer);
  const reader = readerFault(devices.reader);
  if (printer) faults.push(printer);
  if (reader) faults.push(reader);
  if (devices.uplink.state !== 'ok') faults.push('uplink-down');
  return {
    faults,
    canPrint: printer === null || printer === 'printer-paper-low',
    canReadCards: reader === null,
    canIssue: true,
  };
}
