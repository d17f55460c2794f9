/**
 * `shequ doctor`: match what is attached to the hardware profiles and test each matched device.
 * Every outcome is a value in the report; with nothing attached the report says so plainly.
 */
import { knownProfiles } from '../../firmware-config/profiles/load-profiles.ts';
import { type AttachedDevice, matchDevice, type ProfileMatch } from '../../firmware-config/profiles/match.ts';
import type { HardwareProfile } from '../../firmware-config/profiles/schema.ts';
import { type CheckVerdict, checkPrinter, checkReader, checkSerialScanner } from './device-checks.ts';

export interface DoctorEntry {
  device: string;
  kind: HardwareProfile['kind'];
  profileId: string;
  strength: ProfileMatch['strength'] | 'given';
  /** Other profiles the same VID/PID also matches (the installer may need to pick). */
  alternatives: string[];
  verdict: CheckVerdict;
}

export interface DoctorReport {
  looked: { devices: number };
  entries: DoctorEntry[];
  /** Attached USB devices no profile knows (hubs, keyboards…), counted, not listed one by one. */
  unmatched: number;
  summary: string;
}

export interface NetworkPrinter {
  uri: string;
  profileId: string;
}

export interface DoctorOptions {
  devices: AttachedDevice[];
  networkPrinters?: NetworkPrinter[];
  profiles?: HardwareProfile[];
  timeoutMs?: number;
  /** false: only list and match, do not talk to the devices. */
  test?: boolean;
}

const hexNum = (id: string) => Number.parseInt(id, 16);

function describe(d: AttachedDevice): string {
  const label = [d.manufacturer, d.product].filter(Boolean).join(' ');
  return `${d.vendorId}:${d.productId}${d.path ? ` ${d.path}` : ''}${label ? ` (${label})` : ''}`;
}

async function check(m: ProfileMatch, timeoutMs: number): Promise<CheckVerdict> {
  const { profile, device } = m;
  switch (profile.kind) {
    case 'reader':
      if (profile.transport === 'hid') {
        return checkReader(
          { vendorId: hexNum(device.vendorId), productId: hexNum(device.productId) },
          timeoutMs,
        );
      }
      if (!device.path) return { status: 'not-tested', detail: 'no serial port belongs to this device' };
      return checkReader({ path: device.path, baudRate: profile.baudRate ?? 115200 }, timeoutMs);
    case 'printer':
      if (profile.transport === 'usb-printer') {
        return checkPrinter(`usb:${device.vendorId}:${device.productId}`, profile.driverProfile, timeoutMs);
      }
      if (profile.transport === 'serial' && device.path) {
        return checkPrinter(
          `serial:${device.path}?baud=${profile.baudRate ?? 9600}`,
          profile.driverProfile,
          timeoutMs,
        );
      }
      return {
        status: 'not-tested',
        detail: `no way to reach a ${profile.transport} printer from this device`,
      };
    case 'scanner':
      if (profile.transport === 'serial' && device.path) {
        return checkSerialScanner(device.path, profile.baudRate ?? 9600, timeoutMs);
      }
      return {
        status: 'not-tested',
        detail: 'keyboard-wedge scanner: scan a ticket QR code on the kiosk’s service screen to test it',
      };
  }
}

export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const profiles = opts.profiles ?? knownProfiles();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const entries: DoctorEntry[] = [];
  let unmatched = 0;
  for (const device of opts.devices) {
    const matches = matchDevice(device, profiles);
    const first = matches[0];
    if (!first) {
      unmatched++;
      continue;
    }
    const verdict: CheckVerdict =
      opts.test === false
        ? { status: 'not-tested', detail: 'listed only (--no-test)' }
        : await check(first, timeoutMs);
    entries.push({
      device: describe(device),
      kind: first.profile.kind,
      profileId: first.profile.id,
      strength: first.strength,
      alternatives: matches.slice(1).map((m) => m.profile.id),
      verdict,
    });
  }
  for (const printer of opts.networkPrinters ?? []) {
    const profile = profiles.find((p) => p.id === printer.profileId);
    const driverProfile = profile?.kind === 'printer' ? profile.driverProfile : 'generic-80mm-zh';
    const verdict: CheckVerdict =
      opts.test === false
        ? { status: 'not-tested', detail: 'listed only (--no-test)' }
        : await checkPrinter(printer.uri, driverProfile, timeoutMs);
    entries.push({
      device: printer.uri,
      kind: 'printer',
      profileId: printer.profileId,
      strength: 'given',
      alternatives: [],
      verdict,
    });
  }
  return {
    looked: { devices: opts.devices.length },
    entries,
    unmatched,
    summary: summarise(entries, opts.devices.length),
  };
}

function summarise(entries: DoctorEntry[], looked: number): string {
  if (entries.length === 0) {
    return `no ID card reader, scanner or printer found (looked at ${looked} USB and serial device${looked === 1 ? '' : 's'}); nothing to test`;
  }
  const count = (s: CheckVerdict['status']) => entries.filter((e) => e.verdict.status === s).length;
  const kinds = ['reader', 'scanner', 'printer'] as const;
  const missing = kinds.filter((k) => !entries.some((e) => e.kind === k));
  return [
    `${entries.length} device${entries.length === 1 ? '' : 's'}: ${count('ok')} ok, ${count('warning')} warning, ${count('fault')} fault, ${count('not-tested')} not tested`,
    ...(missing.length > 0 ? [`no ${missing.join(', no ')} found`] : []),
  ].join('; ');
}

export function formatDoctorReport(report: DoctorReport): string {
  const lines: string[] = [];
  for (const e of report.entries) {
    const confirm = e.strength === 'confirm' ? ' [generic chip: confirm the model]' : '';
    lines.push(`${e.verdict.status.toUpperCase().padEnd(10)} ${e.kind.padEnd(7)} ${e.device}`);
    lines.push(
      `           profile ${e.profileId} (${e.strength})${confirm}${e.alternatives.length ? `, also matches ${e.alternatives.join(', ')}` : ''}`,
    );
    lines.push(`           ${e.verdict.detail}`);
  }
  if (report.unmatched > 0)
    lines.push(
      `(${report.unmatched} other USB device${report.unmatched === 1 ? '' : 's'} not in any profile)`,
    );
  lines.push(report.summary);
  return `${lines.join('\n')}\n`;
}

/** Exit code: 0 unless a matched device failed its test. "Nothing attached" is not a failure. */
export function doctorExitCode(report: DoctorReport): number {
  return report.entries.some((e) => e.verdict.status === 'fault') ? 1 : 0;
}
