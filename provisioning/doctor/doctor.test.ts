import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { doctorExitCode, formatDoctorReport, runDoctor } from './run-doctor.ts';
import { mergeDevices, scanUsbDevices } from './scan.ts';
import { startSimRig } from './sim-rig.ts';

describe('shequ doctor', () => {
  it('with nothing attached says so plainly and exits 0', async () => {
    const report = await runDoctor({ devices: [{ vendorId: '1d6b', productId: '0002', source: 'usb' }] });
    assert.equal(report.entries.length, 0);
    assert.equal(report.unmatched, 1);
    assert.match(
      report.summary,
      /no ID card reader, scanner or printer found \(looked at 1 USB and serial device\)/,
    );
    assert.equal(doctorExitCode(report), 0);
  });

  it('reads USB devices from sysfs and merges serial bridges with their /dev path', async () => {
    const sys = await mkdtemp(join(tmpdir(), 'shequ-sys-'));
    try {
      for (const [name, vid, pid] of [
        ['1-1', '04b8', '0202'],
        ['1-2', '1a86', '7523'],
        ['usb1', '1d6b', '0002'],
      ] as const) {
        const dir = join(sys, 'bus/usb/devices', name);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'idVendor'), `${vid}\n`);
        await writeFile(join(dir, 'idProduct'), `${pid}\n`);
      }
      await mkdir(join(sys, 'bus/usb/devices/1-1:1.0'), { recursive: true });
      const usb = await scanUsbDevices(sys);
      assert.equal(usb.length, 3);
      const merged = mergeDevices(usb, [{ path: '/dev/ttyUSB0', vendorId: '1A86', productId: '7523' }]);
      assert.equal(merged.length, 3);
      assert.equal(merged.find((d) => d.vendorId === '1a86')?.path, '/dev/ttyUSB0');
      const report = await runDoctor({ devices: merged, test: false });
      assert.deepEqual(
        report.entries.map((e) => [e.kind, e.profileId, e.strength]),
        [
          ['reader', 'ga467-serial-ch340', 'confirm'],
          ['printer', 'epson-tm-t88-usb', 'exact'],
        ],
      );
      assert.match(formatDoctorReport(report), /generic chip: confirm the model/);
      assert.match(report.summary, /no scanner found/);
    } finally {
      await rm(sys, { recursive: true, force: true });
    }
  });

  it('--sim: reads the simulated card (masked) and prints a test ticket on the virtual printer', async () => {
    const rig = await startSimRig();
    try {
      const report = await runDoctor({
        devices: rig.devices,
        networkPrinters: rig.networkPrinters,
        timeoutMs: 8000,
      });
      const reader = report.entries.find((e) => e.kind === 'reader');
      const printer = report.entries.find((e) => e.kind === 'printer');
      assert.equal(reader?.verdict.status, 'ok', reader?.verdict.detail);
      assert.match(reader?.verdict.detail ?? '', /\*{4,}/, 'the ID number is masked');
      assert.equal(printer?.verdict.status, 'ok', printer?.verdict.detail);
      assert.equal(rig.printer.jobs.length, 1);
      assert.ok(rig.printer.jobs[0]?.lines.some((l) => l.text.includes('打印测试')));
      assert.equal(doctorExitCode(report), 0);
    } finally {
      await rig.close();
    }
  });

  it('reports a printer that does not answer as a fault and exits non-zero', async () => {
    const report = await runDoctor({
      devices: [],
      networkPrinters: [{ uri: 'tcp://127.0.0.1:1', profileId: 'generic-80mm-network' }],
      timeoutMs: 800,
    });
    assert.equal(report.entries[0]?.verdict.status, 'fault');
    assert.equal(doctorExitCode(report), 1);
  });
});
