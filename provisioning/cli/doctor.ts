/**
 * `shequ doctor [--sim] [--printer URI [--printer-profile ID]] [--timeout SECONDS] [--no-test] [--json]`
 * Finds attached readers, scanners and printers by USB VID/PID, matches them to hardware
 * profiles and tests each one. With --sim, runs against the simulated reader and virtual printer.
 */
import type { AttachedDevice } from '../../firmware-config/profiles/match.ts';
import { defineCommand, positiveSeconds } from '../../platform/cli/index.ts';
import { doctorExitCode, formatDoctorReport, type NetworkPrinter, runDoctor } from '../doctor/run-doctor.ts';
import { listSerialPorts, mergeDevices, scanUsbDevices } from '../doctor/scan.ts';
import { type SimRig, startSimRig } from '../doctor/sim-rig.ts';

export const run = defineCommand({
  name: 'doctor',
  usage: `usage: shequ doctor [--sim] [--printer URI]... [--printer-profile ID] [--timeout SECONDS] [--no-test] [--json]
  finds readers, scanners and printers by USB VID/PID, matches them to profiles and tests each
  --sim              test the simulated reader and virtual printer instead
  --printer URI      also test this network printer (tcp://HOST:9100)
  --no-test          list and match only
exit 1 when a matched device fails its test; nothing attached is not a failure
`,
  options: {
    sim: { type: 'boolean', default: false },
    printer: { type: 'string', multiple: true },
    'printer-profile': { type: 'string', default: 'generic-80mm-network' },
    timeout: { type: 'string', default: '10' },
    'no-test': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    sys: { type: 'string', default: '/sys' },
  },
  run: async ({ values, io }) => {
    const timeoutMs = positiveSeconds(values.timeout, '--timeout') * 1000;
    let rig: SimRig | undefined;
    let devices: AttachedDevice[];
    const networkPrinters: NetworkPrinter[] = (values.printer ?? []).map((uri) => ({
      uri,
      profileId: values['printer-profile'],
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
  },
});
