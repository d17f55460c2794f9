/**
 * `shequ doctor [--sim] [--printer URI [--printer-profile ID]] [--timeout SECONDS] [--no-test] [--json]`
 * Finds attached readers, scanners and printers by USB VID/PID, matches them to hardware
 * profiles and tests each one. With --sim, runs against the simulated reader and virtual printer.
 */
import { parseArgs } from 'node:util';
import type { AttachedDevice } from '../../firmware-config/profiles/match.ts';
import { doctorExitCode, formatDoctorReport, type NetworkPrinter, runDoctor } from '../doctor/run-doctor.ts';
import { listSerialPorts, mergeDevices, scanUsbDevices } from '../doctor/scan.ts';
import { type SimRig, startSimRig } from '../doctor/sim-rig.ts';
import { type CliIo, stdio } from './io.ts';

export async function run(args: string[], io: CliIo = stdio): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      sim: { type: 'boolean', default: false },
      printer: { type: 'string', multiple: true },
      'printer-profile': { type: 'string', default: 'generic-80mm-network' },
      timeout: { type: 'string', default: '10' },
      'no-test': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      sys: { type: 'string', default: '/sys' },
    },
  });
  const timeoutMs = Number(values.timeout) * 1000;
  if (!(timeoutMs > 0)) {
    io.err('--timeout must be a positive number of seconds\n');
    return 2;
  }
  let rig: SimRig | undefined;
  let devices: AttachedDevice[];
  const networkPrinters: NetworkPrinter[] = (values.printer ?? []).map((uri) => ({
    uri,
    profileId: values['printer-profile'] ?? 'generic-80mm-network',
  }));
  if (values.sim) {
    rig = await startSimRig();
    devices = rig.devices;
    networkPrinters.push(...rig.networkPrinters);
  } else {
    const serial = await listSerialPorts().catch(() => []);
    devices = mergeDevices(await scanUsbDevices(values.sys), serial);
  }
  try {
    const report = await runDoctor({ devices, networkPrinters, timeoutMs, test: !values['no-test'] });
    io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
    return doctorExitCode(report);
  } finally {
    await rig?.close();
  }
}
