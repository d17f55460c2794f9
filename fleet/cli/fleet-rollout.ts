/**
 * `shequ fleet rollout start | status | halt | resume | rollback`: staged configuration rollouts
 * from the command line, through the central console that drives them (central-session.ts), so a
 * rollout started here is the same one the 配置发布 page shows, audited under the operator's name.
 */
import { readFile } from 'node:fs/promises';
import type { Rollout, RolloutStartBody } from '../../contract/central-fleet.ts';
import {
  CliError,
  type CliIo,
  defineCommand,
  defineGroup,
  integerInRange,
  positiveSeconds,
  UsageError,
} from '../../platform/cli/index.ts';
import {
  CENTRAL_HELP,
  CENTRAL_OPTIONS,
  CentralHttpError,
  type CentralSession,
  loginToCentral,
} from './central-session.ts';
import { describeRollout, rolloutLine } from './rollout-format.ts';

const EXPECTED = [CentralHttpError] as const;
/** A rollout that ended halted or rolled back, under --wait. */
const EXIT_NOT_COMPLETED = 1;
/** --wait ran out before the rollout settled: it goes on at the console. */
export const EXIT_STILL_RUNNING = 3;

const WAIT_OPTIONS = {
  wait: { type: 'boolean', default: false },
  'wait-timeout': { type: 'string', default: '600' },
  json: { type: 'boolean', default: false },
} as const;
const WAIT_HELP = `--wait  follow the rollout until it completes, halts or is rolled back (exit 0 completed or
        rolled back, 1 halted, ${EXIT_STILL_RUNNING} still going after --wait-timeout SECONDS, default 600)
--json  the rollout as JSON instead of the summary`;

function rolloutId(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`rollout ID '${raw}' is not a number`);
  return Number(raw);
}

function percent(raw: string | undefined, name: string): number | undefined {
  return raw === undefined ? undefined : integerInRange(raw, name, { min: 0, max: 100 });
}

async function show(io: CliIo, r: Rollout, json: boolean): Promise<void> {
  io.out(json ? `${JSON.stringify(r)}\n` : describeRollout(r));
}

/** Polls the console until the rollout leaves running / rolling-back, or the time is up. */
async function follow(
  session: CentralSession,
  id: number,
  timeoutSec: number,
  io: CliIo,
  json: boolean,
): Promise<number> {
  const end = Date.now() + timeoutSec * 1000;
  let last = '';
  for (;;) {
    const r = await session.get<Rollout>(`/api/fleet/rollouts/${id}`);
    const line = rolloutLine(r);
    if (line !== last && !json) io.err(`${line}\n`);
    last = line;
    if (r.state !== 'running' && r.state !== 'rolling-back') {
      await show(io, r, json);
      return r.state === 'halted' ? EXIT_NOT_COMPLETED : 0;
    }
    if (Date.now() > end) {
      await show(io, r, json);
      throw new CliError(
        `rollout ${id} is still ${r.state} after ${timeoutSec} s; it goes on at the console`,
        {
          exitCode: EXIT_STILL_RUNNING,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const start = defineCommand({
  name: 'fleet rollout start',
  usage: `usage: shequ fleet rollout start --config FILE (--site SITE… | --kiosk ID…) [--canary ID… | --canary-count N]
         [--share PERCENT] [--threshold PERCENT] [--wave-timeout SECONDS] [--ttl-days N] [--note TEXT] [--wait]
  Signs FILE (a kiosk configuration, JSON) at central and sends it out in waves: the canary, then
  --share percent of the target (default 25), then the rest; each wave waits until its kiosks
  report the version applied or --wave-timeout (default 600 s), and the rollout halts by itself when
  more than --threshold percent of a wave (default 10) refuse it, roll it back or stay silent.
${WAIT_HELP}
${CENTRAL_HELP}`,
  options: {
    ...CENTRAL_OPTIONS,
    ...WAIT_OPTIONS,
    config: { type: 'string' },
    site: { type: 'string', multiple: true, default: [] },
    kiosk: { type: 'string', multiple: true, default: [] },
    canary: { type: 'string', multiple: true, default: [] },
    'canary-count': { type: 'string' },
    share: { type: 'string' },
    threshold: { type: 'string' },
    'wave-timeout': { type: 'string' },
    'ttl-days': { type: 'string' },
    note: { type: 'string' },
  },
  expected: EXPECTED,
  run: async ({ values: v, io }) => {
    if (!v.config) throw new UsageError('--config FILE is required');
    if (v.site.length > 0 === v.kiosk.length > 0)
      throw new UsageError('give --site or --kiosk, one of the two');
    if (v.canary.length > 0 && v['canary-count'] !== undefined)
      throw new UsageError('give --canary or --canary-count, not both');
    let config: unknown;
    try {
      config = JSON.parse(await readFile(v.config, 'utf8'));
    } catch (err) {
      throw new CliError(`cannot read the configuration ${v.config}: ${(err as Error).message}`);
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config))
      throw new CliError(`${v.config} is not a configuration (a JSON object)`);
    const threshold = percent(v.threshold, '--threshold');
    const body: RolloutStartBody = {
      config: config as Record<string, unknown>,
      ...(v.site.length ? { sites: v.site } : { kiosks: v.kiosk }),
      ...(v.canary.length ? { canary: v.canary } : {}),
      ...(v['canary-count'] !== undefined
        ? { canaryCount: integerInRange(v['canary-count'], '--canary-count', { min: 1, max: 100_000 }) }
        : {}),
      ...(v.share !== undefined
        ? { sharePercent: integerInRange(v.share, '--share', { min: 1, max: 99 }) }
        : {}),
      ...(threshold !== undefined ? { failureThreshold: threshold / 100 } : {}),
      ...(v['wave-timeout'] !== undefined
        ? { waveTimeoutSec: Math.ceil(positiveSeconds(v['wave-timeout'], '--wave-timeout')) }
        : {}),
      ...(v['ttl-days'] !== undefined
        ? { ttlDays: integerInRange(v['ttl-days'], '--ttl-days', { min: 1, max: 365 }) }
        : {}),
      ...(v.note ? { note: v.note } : {}),
    };
    const waitSec = positiveSeconds(v['wait-timeout'], '--wait-timeout');
    const session = await loginToCentral(v);
    const r = await session.post<Rollout>('/api/fleet/rollouts', body);
    if (v.wait) return follow(session, r.id, waitSec, io, v.json);
    await show(io, r, v.json);
    return 0;
  },
});

const ls = defineCommand({
  name: 'fleet rollout ls',
  usage: `usage: shequ fleet rollout ls [--json]
  The latest rollouts, newest first, one a line: ID, state, version, scope, waves (applied/failed of size).
${CENTRAL_HELP}`,
  options: { ...CENTRAL_OPTIONS, json: { type: 'boolean', default: false } },
  expected: EXPECTED,
  run: async ({ values: v, io }) => {
    const session = await loginToCentral(v);
    const { rows } = await session.get<{ rows: Rollout[] }>('/api/fleet/rollouts');
    if (v.json) io.out(`${JSON.stringify(rows)}\n`);
    else if (rows.length === 0) io.out('no rollouts\n');
    else for (const r of rows) io.out(`${rolloutLine(r)}\n`);
    return 0;
  },
});

const status = defineCommand({
  name: 'fleet rollout status',
  usage: `usage: shequ fleet rollout status ID [--kiosks] [--json] [--wait]
  One rollout: its state, halt reason, waves (and with --kiosks each kiosk's state in it).
${WAIT_HELP}
${CENTRAL_HELP}`,
  options: { ...CENTRAL_OPTIONS, ...WAIT_OPTIONS, kiosks: { type: 'boolean', default: false } },
  positionals: ['ID'],
  expected: EXPECTED,
  run: async ({ values: v, positionals, io }) => {
    const id = rolloutId(positionals[0]!);
    const waitSec = positiveSeconds(v['wait-timeout'], '--wait-timeout');
    const session = await loginToCentral(v);
    if (v.wait) return follow(session, id, waitSec, io, v.json);
    const r = await session.get<Rollout>(`/api/fleet/rollouts/${id}`);
    io.out(v.json ? `${JSON.stringify(r)}\n` : describeRollout(r, { kiosks: v.kiosks }));
    return 0;
  },
});

function act(verb: 'halt' | 'resume' | 'rollback', what: string) {
  return defineCommand({
    name: `fleet rollout ${verb}`,
    usage: `usage: shequ fleet rollout ${verb} ID${verb === 'halt' ? ' [--reason TEXT]' : ''} [--wait] [--json]
  ${what}
${WAIT_HELP}
${CENTRAL_HELP}`,
    options: {
      ...CENTRAL_OPTIONS,
      ...WAIT_OPTIONS,
      ...(verb === 'halt' ? { reason: { type: 'string' } } : {}),
    },
    positionals: ['ID'],
    expected: EXPECTED,
    run: async ({ values: v, positionals, io }) => {
      const id = rolloutId(positionals[0]!);
      const waitSec = positiveSeconds(v['wait-timeout'], '--wait-timeout');
      const session = await loginToCentral(v);
      const reason = (v as { reason?: string }).reason;
      const r = await session.post<Rollout>(`/api/fleet/rollouts/${id}/${verb}`, reason ? { reason } : {});
      if (v.wait) return follow(session, id, waitSec, io, v.json);
      await show(io, r, v.json);
      return 0;
    },
  });
}

export const rolloutUsage = `Usage:
  shequ fleet rollout start --config FILE (--site SITE… | --kiosk ID…) [--canary ID… | --canary-count N]
                            [--share PERCENT] [--threshold PERCENT] [--wave-timeout SECONDS] [--wait]
  shequ fleet rollout ls                         the latest rollouts
  shequ fleet rollout status ID [--kiosks] [--wait]
  shequ fleet rollout halt ID [--reason TEXT]    stop sending the next waves now
  shequ fleet rollout resume ID                  go on with a halted rollout from its wave
  shequ fleet rollout rollback ID                send the last good configuration to every kiosk it reached
Each verb has --help. Through the central console, as an operator (fleet.act):
${CENTRAL_HELP}`;

export const rollout = defineGroup({
  name: 'fleet rollout',
  usage: rolloutUsage,
  commands: {
    start,
    ls,
    status,
    halt: act(
      'halt',
      'Halts a running rollout: the kiosks it reached keep what they have; no further wave goes out.',
    ),
    resume: act(
      'resume',
      'Goes on with a halted rollout: its wave is sent again to the kiosks that timed out or never got it.',
    ),
    rollback: act(
      'rollback',
      "Re-signs each site's last good configuration above the rollout's version and sends it to every kiosk the rollout reached.",
    ),
  },
});
