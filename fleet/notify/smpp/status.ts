/** SMPP 3.4 command_status values this service acts on (§5.1.3). */
export const SMPP_STATUS = {
  ROK: 0x00,
  RINVMSGLEN: 0x01,
  RINVBNDSTS: 0x04,
  RSYSERR: 0x08,
  RINVSRCADR: 0x0a,
  RINVDSTADR: 0x0b,
  RBINDFAIL: 0x0d,
  RINVPASWD: 0x0e,
  RINVSYSID: 0x0f,
  RMSGQFUL: 0x14,
  RSUBMITFAIL: 0x45,
  RTHROTTLED: 0x58,
  RX_T_APPN: 0x64,
  RX_P_APPN: 0x65,
} as const;

/** Statuses after which the same submit may succeed later: wait and try again. */
export function isTransientStatus(status: number): boolean {
  return (
    status === SMPP_STATUS.RTHROTTLED ||
    status === SMPP_STATUS.RMSGQFUL ||
    status === SMPP_STATUS.RSYSERR ||
    status === SMPP_STATUS.RX_T_APPN
  );
}

export function statusName(status: number): string {
  const entry = Object.entries(SMPP_STATUS).find(([, v]) => v === status);
  return entry ? `ESME_${entry[0]}` : `0x${status.toString(16).padStart(8, '0')}`;
}
