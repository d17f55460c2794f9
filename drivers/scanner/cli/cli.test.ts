import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CliIo } from '../../../platform/cli/index.ts';
import { EXIT, run as scannerCli } from './scanner.ts';
import { run as simCli } from './sim.ts';

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    stdout: () => out,
    stderr: () => err,
  };
}

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('shequ sim scanner + shequ scanner listen', () => {
  it('listens on the simulated scanner and prints each code as a JSON line', async () => {
    const simIo = capture();
    const simDone = simCli(
      [
        '--code',
        'SQ1.T.K1.A',
        '--code',
        '6901234567892',
        '--every',
        '0.05',
        '--after',
        '0.4',
        '--count',
        '3',
      ],
      simIo,
    );
    await until('sim ready', () => /open (\/dev\/pts\/\d+)/.test(simIo.stdout()));
    const path = /open (\/dev\/pts\/\d+)/.exec(simIo.stdout())![1]!;
    const listenIo = capture();
    const status = await scannerCli(['listen', '--serial', path, '--count', '2', '--json'], listenIo);
    assert.equal(status, EXIT.ok);
    const lines = listenIo
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { code: string });
    assert.deepEqual(
      lines.map((l) => l.code),
      ['SQ1.T.K1.A', '6901234567892'],
    );
    assert.match(listenIo.stderr(), /scanner ok: serial scanner/);
    assert.equal(await simDone, 0);
  });

  it('times out with its own exit code when the device cannot be opened', async () => {
    const io = capture();
    const status = await scannerCli(
      ['listen', '--serial', '/dev/shequ-no-such-port', '--timeout', '0.3'],
      io,
    );
    assert.equal(status, EXIT.timeout);
    assert.match(io.stderr(), /scanner disconnected: cannot open serial scanner \/dev\/shequ-no-such-port/);
  });

  it('rejects bad arguments with the usage exit code', async () => {
    for (const args of [['listen', '--hid', 'zebra'], ['listen', '--count', '0'], ['frobnicate']]) {
      const io = capture();
      assert.equal(await scannerCli(args, io), EXIT.usage, args.join(' '));
      assert.match(io.stderr(), /usage|VID:PID/);
    }
    assert.equal(await simCli(['--terminator', 'NUL'], capture()), 2);
  });

  it('prints udev rules that stop scanners typing into the kiosk browser', async () => {
    const io = capture();
    assert.equal(await scannerCli(['udev-rules', '--group', 'kiosk'], io), EXIT.ok);
    const rules = io.stdout();
    assert.match(
      rules,
      /SUBSYSTEM=="input", ATTRS\{idVendor\}=="05e0", ATTRS\{idProduct\}=="1200", ENV\{LIBINPUT_IGNORE_DEVICE\}="1"/,
    );
    assert.match(rules, /SUBSYSTEM=="hidraw", ATTRS\{idVendor\}=="1eab", MODE="0660", GROUP="kiosk"/);
    assert.doesNotMatch(rules, /1a86/, 'generic serial bridges are not keyboards');
  });
});
