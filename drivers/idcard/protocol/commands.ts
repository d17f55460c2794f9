/** The GA 467 command table (reference §4), kept as data. */

export interface CommandSpec {
  cmd: number;
  para: number;
  name: string;
  /** Total reply size on success, for wire-time estimates. */
  replyBytes: number;
}

export const COMMANDS = {
  resetSam: { cmd: 0x10, para: 0xff, name: 'reset SAM', replyBytes: 11 },
  samStatus: { cmd: 0x11, para: 0xff, name: 'SAM status check', replyBytes: 11 },
  samId: { cmd: 0x12, para: 0xff, name: 'read SAM ID', replyBytes: 27 },
  findCard: { cmd: 0x20, para: 0x01, name: 'find card', replyBytes: 15 },
  selectCard: { cmd: 0x20, para: 0x02, name: 'select card', replyBytes: 19 },
  readBase: { cmd: 0x30, para: 0x01, name: 'read base info', replyBytes: 1295 },
  readNewAddress: { cmd: 0x30, para: 0x03, name: 'read newest appended address', replyBytes: 81 },
  readBaseWithFingerprint: { cmd: 0x30, para: 0x10, name: 'read base info + fingerprint', replyBytes: 2321 },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** Para byte of 60 xx (set UART baud), reference §4 [U]. */
export const BAUD_PARA: ReadonlyMap<number, number> = new Map([
  [115200, 0x00],
  [57600, 0x01],
  [38400, 0x02],
  [19200, 0x03],
  [9600, 0x04],
]);
export const SET_BAUD_CMD = 0x60;
export const SUPPORTED_BAUD_RATES: readonly number[] = [...BAUD_PARA.keys()];

export function commandName(cmd: number, para: number): string {
  for (const spec of Object.values(COMMANDS)) {
    if (spec.cmd === cmd && spec.para === para) return spec.name;
  }
  if (cmd === SET_BAUD_CMD) return 'set baud';
  return `unknown command ${cmd.toString(16)} ${para.toString(16)}`;
}

/** 8N1: ten bits on the wire per byte. */
export function wireTimeMs(bytes: number, baudRate: number): number {
  return (bytes * 10 * 1000) / baudRate;
}
