import { activeConditions, CONDITION_TEXT, FAULT_CONDITIONS, type PrinterStatus } from '../escpos/status.ts';
import type { PrinterHealth } from '../types.ts';

/** What a status verdict means for the admin panel: fault stops printing, warning does not. */
export function healthFromStatus(status: PrinterStatus, waitingJobs: number): Omit<PrinterHealth, 'since'> {
  const active = activeConditions(status);
  let faults = active.filter((c) => FAULT_CONDITIONS.includes(c));
  // Printers also report offline while paper is out or the cover is open; name the cause only.
  if (faults.length > 1) faults = faults.filter((c) => c !== 'offline');
  const waiting = waitingJobs > 0 ? `; ${waitingJobs} job(s) waiting` : '';
  if (faults.length > 0)
    return { state: 'fault', detail: faults.map((c) => CONDITION_TEXT[c]).join('; ') + waiting };
  if (active.length > 0) return { state: 'warning', detail: active.map((c) => CONDITION_TEXT[c]).join('; ') };
  return { state: 'ok' };
}

export function isFault(status: PrinterStatus): boolean {
  return FAULT_CONDITIONS.some((c) => status[c]);
}
