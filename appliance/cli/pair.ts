/**
 * `shequ pair ROLE`: a one-time code that pairs one screen with this appliance. Run on the box (it
 * writes under the appliance's data directory); open the printed address on the screen's browser,
 * which exchanges the code for its long-lived device cookie. `shequ pair list` shows what is paired.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, defineCommand, integerInRange, UsageError } from '../../platform/cli/index.ts';
import type { PairedDevice } from '../pairing/device-registry.ts';
import { createPairingCode, describeRole, pairingDir, parseRole } from '../pairing/pairing-codes.ts';

const USAGE = `usage: shequ pair kiosk|board|counter-rating:COUNTER [--data DIR] [--label TEXT] [--minutes N]
       shequ pair list [--data DIR]

  kiosk                   the resident kiosk screen (acts for the card on the reader)
  board                   the hall's display board (reads only)
  counter-rating:COUNTER  the rating screen at counter COUNTER (e.g. counter-rating:w3)
  --data DIR   the appliance's data directory (default var/appliance)
  --label TEXT what to call the screen in the panel (default: its role)
  --minutes N  how long the code may be used (default 15)
`;

export const run = defineCommand({
  name: 'pair',
  usage: USAGE,
  positionals: ['ROLE'],
  options: {
    data: { type: 'string' },
    label: { type: 'string' },
    minutes: { type: 'string' },
  },
  run: async ({ values, positionals, io }) => {
    const dataDir = resolve(values.data ?? 'var/appliance');
    const [what] = positionals as [string];
    if (!existsSync(join(dataDir, 'log')) && !existsSync(pairingDir(dataDir))) {
      throw new CliError(
        `${dataDir} is not an appliance data directory; give the one shequ start uses (--data)`,
      );
    }
    if (what === 'list') {
      const file = join(pairingDir(dataDir), 'devices.json');
      const devices = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PairedDevice[]) : [];
      if (devices.length === 0) io.out('no screen is paired yet\n');
      for (const d of devices) {
        io.out(
          `${d.id}  ${describeRole(d).padEnd(24)} ${d.label}  paired ${new Date(d.pairedAt).toISOString()}\n`,
        );
      }
      return 0;
    }
    const role = parseRole(what);
    if (!role) throw new UsageError(`unknown screen role '${what}': kiosk, board or counter-rating:COUNTER`);
    const minutes = integerInRange(values.minutes, '--minutes', { min: 1, max: 24 * 60 }, 15);
    const { code, pending } = await createPairingCode(dataDir, {
      ...role,
      ...(values.label ? { label: values.label } : {}),
      by: 'cli',
      ttlMs: minutes * 60_000,
    });
    const urlFile = join(pairingDir(dataDir), 'serving-url');
    const base = existsSync(urlFile) ? readFileSync(urlFile, 'utf8').trim() : 'http://<appliance>:8080';
    io.out(
      [
        `pairing code for ${pending.label} (${describeRole(pending)}): ${code}`,
        `open on that screen: ${base}/pair?code=${code}`,
        `valid once, until ${new Date(pending.expiresAt).toISOString()}`,
        '',
      ].join('\n'),
    );
    return 0;
  },
});
