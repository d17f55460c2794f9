/**
 * The two commands as an installer runs them: `shequ sim idcard` in one process, driven on stdin,
 * and `shequ idcard read` against its pty in another.
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { shequBin } from '../../../test/support/shequ-process.ts';

const SHEQU = shequBin;

function shequ(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SHEQU, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('shequ sim idcard + shequ idcard read', () => {
  let sim: ChildProcessWithoutNullStreams;
  let output = '';
  let device = '';

  const waitFor = async (pattern: RegExp, ms = 10_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const m = output.match(pattern);
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`simulator never printed ${pattern}; got:\n${output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const command = async (line: string, reply: RegExp): Promise<void> => {
    output = '';
    sim.stdin.write(`${line}\n`);
    await waitFor(reply);
  };

  before(async () => {
    sim = spawn(process.execPath, [SHEQU, 'sim', 'idcard', '--sam-delay', '0']);
    sim.stdout.on('data', (d) => {
      output += d;
    });
    sim.stderr.on('data', (d) => {
      output += d;
    });
    device = (await waitFor(/open (\/dev\/pts\/\d+)/))[1] ?? '';
  });

  after(async () => {
    if (sim.exitCode === null) {
      const exited = new Promise((r) => sim.once('exit', r));
      sim.kill('SIGTERM');
      await exited;
    }
  });

  it('reads a placed card and prints it masked, as JSON', async () => {
    await command('place resident-zhang', /placed resident card of 张\*丰/);
    const r = await shequ(['idcard', 'read', '--port', device, '--timeout', '5', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { outcome: string; identity: Record<string, unknown> };
    assert.equal(body.outcome, 'card');
    assert.ok(body.identity.name === '张*丰', 'name differs from the card');
    assert.ok(body.identity.number === '1101**********0019', 'number differs from the card');
    assert.equal(body.identity.checkDigitValid, true);
    assert.ok(!r.stdout.includes('110105195003150019') && !r.stdout.includes('张三丰'), 'nothing unmasked');
  });

  it('shows the full identity only with --reveal', async () => {
    const r = await shequ(['idcard', 'read', '--port', device, '--timeout', '5', '--reveal']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(/number\s+110105195003150019/.test(r.stdout), 'the full number is shown with --reveal');
  });

  it('exits 4 with a clear message when no card comes', async () => {
    await command('remove', /card removed/);
    const r = await shequ(['idcard', 'read', '--port', device, '--timeout', '0.5']);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /no card/);
  });

  it('exits 5 on bad frames, 6 on a SAM fault, 3 with no reader, 2 on bad usage', async () => {
    await command('place resident-li', /placed/);
    await command('fault corrupt 1000', /fault corrupt 1000/);
    const bad = await shequ(['idcard', 'read', '--port', device, '--timeout', '1']);
    assert.equal(bad.code, 5, bad.stderr);
    assert.match(bad.stderr, /bad or missing reply.*LINK_BAD_REPLY/);
    await command('fault corrupt 0', /fault corrupt 0/);
    await command('fault selftest on', /selftest on/);
    const fault = await shequ(['idcard', 'read', '--port', device, '--timeout', '1']);
    assert.equal(fault.code, 6);
    assert.match(fault.stderr, /self-test/);
    await command('fault selftest off', /selftest off/);
    const none = await shequ(['idcard', 'read', '--port', '/dev/does-not-exist', '--timeout', '1']);
    assert.equal(none.code, 3);
    assert.match(none.stderr, /no reader/);
    const usage = await shequ(['idcard', 'read', '--baud', '12345', '--port', device]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--baud must be one of/);
  });

  it('answers unknown stdin commands with a hint', async () => {
    await command('juggle', /unknown command 'juggle'; try 'help'/);
  });
});
