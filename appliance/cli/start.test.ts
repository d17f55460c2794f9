/** `shequ start`'s expected failures end in one line and exit 1 (a usage mistake: exit 2), never a stack. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { simulationConfig } from '../../firmware-config/sim-config.ts';
import { run } from './start.ts';

const dir = mkdtempSync(join(tmpdir(), 'shequ-start-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function start(args: string[]) {
  let out = '';
  let err = '';
  const code = await run(args, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

test('a missing or invalid configuration is one line naming the file and the field, exit 1', async () => {
  const missing = await start(['--config', join(dir, 'nope.json'), '--data', join(dir, 'd1')]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /^shequ start: cannot read .*nope\.json: .*\n$/);

  const file = join(dir, 'bad.json');
  writeFileSync(
    file,
    JSON.stringify({ ...simulationConfig(), hardware: { reader: { transport: 'serial' } } }),
  );
  const invalid = await start(['--config', file, '--data', join(dir, 'd2')]);
  assert.equal(invalid.code, 1);
  assert.match(
    invalid.err,
    /^shequ start: .*bad\.json is invalid: \/hardware\/reader: give the serial device path or the USB VID:PID \(usb\)\n$/,
  );
  assert.equal(invalid.err.trim().split('\n').length, 1);

  writeFileSync(file, '{ not json');
  assert.match((await start(['--config', file, '--data', join(dir, 'd3')])).err, /is not valid JSON/);
  for (const r of [missing, invalid]) assert.doesNotMatch(r.err, /^\s+at /m);
});

test('--help is the usage (exit 0); a wrong command line is one line plus the usage (exit 2)', async () => {
  const help = await start(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /^Usage: shequ start --config FILE/);
  const both = await start(['--sim', '--config', 'x.json']);
  assert.equal(both.code, 2);
  assert.match(both.err, /^shequ start: give either --config FILE or --sim, not both\n\nUsage:/);
  assert.equal((await start([])).code, 2);
  const unknown = await start(['--config', 'x.json', '--bogus']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /^shequ start: unknown option '--bogus'/);
  const port = await start(['--config', 'x.json', '--port', 'eighty']);
  assert.equal(port.code, 2);
  assert.match(port.err, /--port must be a whole number from 0 to 65535/);
  // This entry has no simulators: only demo/start.ts (what `shequ start` runs) does.
  const sim = await start(['--sim']);
  assert.equal(sim.code, 1);
  assert.match(sim.err, /no simulation mode; run it with --config FILE/);
});
