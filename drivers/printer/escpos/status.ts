/**
 * DLE EOT 1..4 real-time status, as a value. Bit meanings from the Epson / Bixolon / SNBC
 * tables in reference/escpos-printing.md §2.8; every reply has the fixed pattern (b & 0x93) == 0x12.
 */
export interface PrinterStatus {
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  /** SNBC kiosk printers: anti-jam module detected a paper jam (DLE EOT 3 bit 2). */
  paperJam: boolean;
}

/** The conditions a printer can report, each a typed status event. */
export type PrinterCondition = keyof PrinterStatus;

export const CONDITION_TEXT: Record<PrinterCondition, string> = {
  paperOut: '缺纸 paper out',
  coverOpen: '纸仓盖打开 cover open',
  cutterError: '切刀故障 cutter error',
  paperJam: '卡纸 paper jam',
  unrecoverableError: '打印机故障 unrecoverable error',
  autoRecoverableError: '打印头过热 head overheat',
  offline: '打印机离线 offline',
  paperNearEnd: '纸将用完 paper near end',
};

/** Faults stop printing; the rest are warnings. Ordered by what staff should fix first. */
export const FAULT_CONDITIONS: PrinterCondition[] = [
  'paperOut',
  'coverOpen',
  'cutterError',
  'paperJam',
  'unrecoverableError',
  'autoRecoverableError',
  'offline',
];
export const WARNING_CONDITIONS: PrinterCondition[] = ['paperNearEnd'];

export const OK_STATUS: PrinterStatus = {
  offline: false,
  coverOpen: false,
  paperOut: false,
  paperNearEnd: false,
  cutterError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
  paperJam: false,
};

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** Decodes the replies to DLE EOT 1, 2, 3, 4 (in that order). */
export function decodeStatus(replies: [number, number, number, number]): PrinterStatus {
  const [printer, offlineCause, errorCause, paper] = replies;
  return {
    offline: (printer & 0x08) !== 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperOut: (offlineCause & 0x20) !== 0 || (paper & 0x60) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    cutterError: (errorCause & 0x08) !== 0,
    unrecoverableError: (errorCause & 0x20) !== 0,
    autoRecoverableError: (errorCause & 0x40) !== 0,
    paperJam: (errorCause & 0x04) !== 0,
  };
}

/** The reply bytes a printer in this state sends to DLE EOT 1..4 (used by the virtual printer). */
export function encodeStatus(s: PrinterStatus): [number, number, number, number] {
  const fault = s.coverOpen || s.paperOut || s.cutterError || s.unrecoverableError || s.autoRecoverableError;
  const offline = s.offline || fault;
  const anyError = s.cutterError || s.unrecoverableError || s.autoRecoverableError || s.paperJam;
  return [
    0x12 | (offline ? 0x08 : 0),
    0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0) | (anyError ? 0x40 : 0),
    0x12 |
      (s.paperJam ? 0x04 : 0) |
      (s.cutterError ? 0x08 : 0) |
      (s.unrecoverableError ? 0x20 : 0) |
      (s.autoRecoverableError ? 0x40 : 0),
    0x12 | (s.paperNearEnd ? 0x0c : 0) | (s.paperOut ? 0x60 : 0),
  ];
}

export function activeConditions(s: PrinterStatus): PrinterCondition[] {
  return [...FAULT_CONDITIONS, ...WARNING_CONDITIONS].filter((c) => s[c]);
}
