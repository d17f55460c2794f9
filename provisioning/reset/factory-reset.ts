/**
 * Factory reset of a kiosk's data directory: everything the kiosk learned or made goes — the
 * records with personal data, the outbox, the device vault key, the enrolled identity and its
 * private key, the configuration from central — and only the factory bootstrap bundle stays, so
 * the kiosk can be enrolled again. Returns what it erased, by kind, for the installer to read.
 */
import { open, readdir, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fsyncDirectory } from '../../platform/durable-file.ts';

export type ErasedKind = 'identity and keys' | 'personal data and records' | 'configuration' | 'other';

export interface ErasedEntry {
  path: string;
  kind: ErasedKind;
  files: number;
}

export interface ResetReport {
  dataDir: string;
  erased: ErasedEntry[];
  kept: string[];
  dryRun: boolean;
}

/** Kept: the factory image's bootstrap bundle (bootstrap certificate, pinned CA, trusted config keys). */
const KEEP = new Set(['bootstrap']);

function kindOf(name: string): ErasedKind {
  if (name === 'identity' || name === 'keys' || name.endsWith('.key')) return 'identity and keys';
  if (name.startsWith('config')) return 'configuration';
  if (
    ['log', 'outbox', 'printer', 'agent-state.json', 'commands-seen.json', 'appliance', 'audit'].includes(
      name,
    )
  ) {
    return 'personal data and records';
  }
  return 'other';
}

async function filesUnder(path: string): Promise<string[]> {
  const s = await stat(path);
  if (!s.isDirectory()) return [path];
  const out: string[] = [];
  for (const name of await readdir(path)) out.push(...(await filesUnder(join(path, name))));
  return out;
}

/** Overwrites key material before unlinking: cheap, and it helps on filesystems that reuse blocks in place. */
async function scrub(file: string): Promise<void> {
  if (!/\.key$|\.pem$/.test(file)) return;
  const { size } = await stat(file);
  const handle = await open(file, 'r+');
  try {
    await handle.write(Buffer.alloc(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function factoryReset(dataDir: string, opts: { dryRun?: boolean } = {}): Promise<ResetReport> {
  const report: ResetReport = { dataDir, erased: [], kept: [], dryRun: opts.dryRun ?? false };
  let names: string[];
  try {
    names = (await readdir(dataDir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return report;
    throw err;
  }
  for (const name of names) {
    const path = join(dataDir, name);
    if (KEEP.has(name)) {
      report.kept.push(path);
      continue;
    }
    const files = await filesUnder(path);
    if (!report.dryRun) {
      for (const file of files) await scrub(file);
      await rm(path, { recursive: true, force: true });
    }
    report.erased.push({ path, kind: kindOf(name), files: files.length });
  }
  if (!report.dryRun) await fsyncDirectory(dataDir);
  return report;
}

export function formatResetReport(report: ResetReport): string {
  const verb = report.dryRun ? 'would erase' : 'erased';
  const lines = [`factory reset of ${report.dataDir}:`];
  if (report.erased.length === 0) lines.push('  nothing to erase');
  for (const e of report.erased) {
    lines.push(
      `  ${verb} ${relative(report.dataDir, e.path)} (${e.kind}, ${e.files} file${e.files === 1 ? '' : 's'})`,
    );
  }
  for (const k of report.kept)
    lines.push(`  kept ${relative(report.dataDir, k)} (factory bootstrap bundle, for re-enrolment)`);
  return `${lines.join('\n')}\n`;
}
