/** How `shequ fleet rollout` prints a rollout: one line in a list, or a short block with its waves. */
import type { Rollout } from '../../contract/central-fleet.ts';
import { localTime } from '../console/local-time.ts';

const waveText = (w: Rollout['waves'][number]) =>
  `${w.name} ${w.applied}/${w.size}${w.failed ? ` (${w.failed} failed)` : ''}${w.startedAt === null ? ' not started' : ''}`;

/** `#12 halted version 7 sites site-a: canary 1/2 (1 failed), share 0/3 not started` */
export function rolloutLine(r: Rollout): string {
  return `#${r.id} ${r.state} version ${r.version} ${r.scope}: ${r.waves.map(waveText).join(', ')}`;
}

export function describeRollout(r: Rollout, opts: { kiosks?: boolean } = {}): string {
  const lines = [
    `rollout ${r.id}: ${r.state}, version ${r.version}${r.rollbackVersion ? `, rolled back with version ${r.rollbackVersion}` : ''}`,
    `  ${r.scope}, started by ${r.createdBy} at ${localTime(r.createdAt, Date.now())}${r.finishedAt ? `, ended ${localTime(r.finishedAt, Date.now())}` : ''}`,
    `  halts above ${Math.round(r.failureThreshold * 100)}% failed in a wave; each wave waits up to ${r.waveTimeoutSec} s`,
    ...(r.haltReason ? [`  halted: ${r.haltReason}`] : []),
    ...r.waves.map(
      (w) =>
        `  wave ${w.index + 1}${w.index === r.currentWave && r.state === 'running' ? ' (now)' : ''}: ${waveText(w)}`,
    ),
  ];
  if (opts.kiosks)
    for (const k of r.kiosks ?? [])
      lines.push(
        `    ${k.kioskId} ${k.site} wave ${k.wave + 1}: ${k.state}${k.detail ? ` (${k.detail})` : ''}`,
      );
  return `${lines.join('\n')}\n`;
}
