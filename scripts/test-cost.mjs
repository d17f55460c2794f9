#!/usr/bin/env node
// What each test file costs: runs every test file alone through scripts/run-tests.mjs (so exactly
// as `npm test` runs it) under /usr/bin/time and records the user+sys CPU seconds of the whole
// process tree (children count once they are waited for) and the wall time. CPU seconds stay
// the same on a loaded machine, wall time does not; rank by CPU. Where a cgroup v1 cpuacct
// hierarchy is writable (root in a container), each file also runs in its own cgroup, which counts
// what /usr/bin/time cannot see: daemons (pg_ctl's PostgreSQL) and children never waited for.
//
//   node scripts/test-cost.mjs [-j 2] [--out cost.json] [--compare before.json] [files...]
//
// Without files it runs all of them. Prints the files by CPU, most expensive first, and the sum;
// with --compare, each file's figure beside the one in an earlier --out file.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTests, root } from './test-files.mjs';

const args = process.argv.slice(2);
let jobs = 2;
let out;
let compare;
const only = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '-j') jobs = Number(args[++i]);
  else if (a === '--out') out = args[++i];
  else if (a === '--compare') compare = args[++i];
  else only.push(a);
}
const files = only.length > 0 ? only : findTests();
const scratch = mkdtempSync(join(tmpdir(), 'shequ-test-cost-'));

const CPUACCT = '/sys/fs/cgroup/cpuacct';
const useCgroup = (() => {
  if (!existsSync(join(CPUACCT, 'cpuacct.usage'))) return false;
  try {
    const probe = join(CPUACCT, `shequ-test-cost-${process.pid}-probe`);
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
})();

/** Moves whatever is still in the cgroup (leaked daemons) to the root and removes the cgroup. */
function releaseCgroup(dir) {
  const left = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
  for (const pid of left) {
    try {
      writeFileSync(join(CPUACCT, 'cgroup.procs'), pid);
    } catch {
      // gone meanwhile
    }
  }
  try {
    rmdirSync(dir);
  } catch {
    // a process raced in; leave the empty group
  }
  return left.length;
}

/** @returns {Promise<{file: string, ok: boolean, wall: number, user: number, sys: number, cpu: number, tests: number}>} */
function measure(file, index) {
  const timeFile = join(scratch, `${index}.time`);
  const logFile = join(scratch, `${index}.log`);
  const timed = [
    '/usr/bin/time',
    '-f',
    '%e %U %S',
    '-o',
    timeFile,
    process.execPath,
    'scripts/run-tests.mjs',
    file,
  ];
  const cgroup = useCgroup ? join(CPUACCT, `shequ-test-cost-${process.pid}-${index}`) : undefined;
  if (cgroup) mkdirSync(cgroup);
  const [command, ...argv] = cgroup
    ? ['/bin/sh', '-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', cgroup, ...timed]
    : timed;
  return new Promise((resolve) => {
    const child = spawn(command, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (c) => {
      log += c;
    });
    child.stderr.on('data', (c) => {
      log += c;
    });
    child.on('close', (code) => {
      writeFileSync(logFile, log);
      const last = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '';
      const [wall, user, sys] = last.split(' ').map(Number);
      const tests = Number(/^ℹ tests (\d+)/m.exec(log)?.[1] ?? 0);
      const timeCpu = Math.round((user + sys) * 100) / 100;
      let cpu = timeCpu;
      let leaked = 0;
      if (cgroup) {
        cpu = Math.round(Number(readFileSync(join(cgroup, 'cpuacct.usage'), 'utf8')) / 1e7) / 100;
        leaked = releaseCgroup(cgroup);
        if (leaked > 0) process.stderr.write(`${file} left ${leaked} processes running\n`);
      }
      if (code !== 0) process.stderr.write(`FAILED ${file} (log ${logFile})\n`);
      resolve({ file, ok: code === 0, wall, user, sys, timeCpu, cpu, tests, leaked });
    });
  });
}

const results = [];
let next = 0;
async function worker() {
  while (next < files.length) {
    const index = next++;
    const r = await measure(files[index], index);
    results.push(r);
    process.stderr.write(
      `[${results.length}/${files.length}] ${r.cpu.toFixed(1).padStart(6)} cpu-s ${r.wall.toFixed(1).padStart(6)} s  ${r.file}\n`,
    );
  }
}
await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));

results.sort((a, b) => b.cpu - a.cpu);
const before = compare
  ? new Map(JSON.parse(readFileSync(compare, 'utf8')).files.map((r) => [r.file, r]))
  : undefined;
const sum = (rs, key) => Math.round(rs.reduce((s, r) => s + r[key], 0) * 10) / 10;
console.log(
  `${useCgroup ? 'cpu-s: cgroup cpuacct (time: /usr/bin/time user+sys)' : 'cpu-s: /usr/bin/time user+sys'}`,
);
console.log(`${before ? 'before  ' : ''}   cpu-s   time-s   wall-s  tests  file`);
for (const r of results) {
  const was = before?.get(r.file);
  const prefix = before ? `${was ? was.cpu.toFixed(1).padStart(7) : '      -'} ` : '';
  console.log(
    `${prefix}${r.cpu.toFixed(1).padStart(8)} ${r.timeCpu.toFixed(1).padStart(8)} ${r.wall.toFixed(1).padStart(8)} ${String(r.tests).padStart(6)}  ${r.file}${r.ok ? '' : '  FAILED'}`,
  );
}
const total = {
  cpu: sum(results, 'cpu'),
  timeCpu: sum(results, 'timeCpu'),
  wall: sum(results, 'wall'),
  tests: sum(results, 'tests'),
};
const beforeTotal = before
  ? `${sum(
      results.map((r) => before.get(r.file) ?? { cpu: 0 }),
      'cpu',
    )} before, `
  : '';
console.log(
  `total: ${beforeTotal}${total.cpu} cpu-s (${total.timeCpu} by time), ${total.wall} wall-s summed, ${total.tests} tests in ${results.length} files, ${results.filter((r) => !r.ok).length} failed`,
);
if (out) writeFileSync(out, `${JSON.stringify({ total, files: results }, null, 2)}\n`);
if (results.every((r) => r.ok)) rmSync(scratch, { recursive: true, force: true });
