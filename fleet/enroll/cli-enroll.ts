/**
 * `shequ fleet enroll` — the enrolment service and its operator commands:
 *   shequ fleet enroll [run] --broker mqtts://HOST:8885 --kiosk-broker mqtts://HOST:8883 [--data DIR]
 *   shequ fleet enroll claim --site SITE [--ttl 24h] [--kiosk ID] [--approval] [--data DIR]
 *   shequ fleet enroll list [--data DIR]
 *   shequ fleet enroll approve SERIAL [--by NAME] [--data DIR]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CliIo, processIo as stdio } from '../../platform/cli/index.ts';
import { loadPair, PkiError, pkiPaths, serviceTls } from './central-pki.ts';
import { ClaimStore } from './claims.ts';
import { DurationError, parseDuration } from './duration.ts';
import { EnrolServiceError, startEnrolService } from './enrol-service.ts';
import { ApprovalError, EnrolmentRegistry } from './registry.ts';

const USAGE = `usage:
  shequ fleet enroll [run] --broker mqtts://HOST:8885 --kiosk-broker mqtts://HOST:8883 [--data DIR]
  shequ fleet enroll claim --site SITE [--ttl 24h] [--kiosk ID] [--approval] [--data DIR]
  shequ fleet enroll list [--data DIR]
  shequ fleet enroll approve SERIAL [--by NAME] [--data DIR]
`;

const SITE = /^[a-z0-9-]{2,32}$/;
const KIOSK = /^[A-Za-z0-9_-]{3,64}$/;

export async function run(args: string[], io: CliIo = stdio): Promise<number> {
  const [first, ...rest] = args;
  try {
    switch (first) {
      case 'claim':
        return await claim(rest, io);
      case 'list':
        return await list(rest, io);
      case 'approve':
        return await approve(rest, io);
      case 'run':
        return await serve(rest, io);
      case undefined:
        return await serve([], io);
      default:
        if (first.startsWith('--')) return await serve(args, io);
        io.err(USAGE);
        return 2;
    }
  } catch (err) {
    if (
      err instanceof PkiError ||
      err instanceof DurationError ||
      err instanceof ApprovalError ||
      err instanceof EnrolServiceError
    ) {
      io.err(`shequ fleet enroll: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

const dataOption = { data: { type: 'string' } } as const;
const dataDirOf = (v: { data?: string }) => resolve(v.data ?? 'var/central');

async function claim(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...dataOption,
      site: { type: 'string' },
      ttl: { type: 'string', default: '24h' },
      kiosk: { type: 'string' },
      approval: { type: 'boolean', default: false },
    },
  });
  if (!values.site || !SITE.test(values.site)) {
    io.err(`--site is required: lower-case letters, digits and - (2-32)\n${USAGE}`);
    return 2;
  }
  if (values.kiosk && !KIOSK.test(values.kiosk)) {
    io.err('--kiosk may use letters, digits, - and _ (3-64)\n');
    return 2;
  }
  const now = Date.now();
  const expiresAt = now + parseDuration(values.ttl ?? '24h');
  const code = await new ClaimStore(dataDirOf(values)).issue({
    siteId: values.site,
    ...(values.kiosk ? { kioskId: values.kiosk } : {}),
    requireApproval: values.approval ?? false,
    createdAt: now,
    expiresAt,
  });
  io.out(`${code}\n`);
  io.err(
    `claim code for site ${values.site}, single use, valid until ${new Date(expiresAt).toISOString()}${values.approval ? ', needs approval' : ''}\n`,
  );
  return 0;
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: dataOption });
  const dataDir = dataDirOf(values);
  const registry = new EnrolmentRegistry(dataDir);
  const pending = await registry.pending();
  const kiosks = (await registry.kiosks()).filter((k) => 'enrolledAt' in k);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const lines = ['Waiting for approval:'];
  for (const p of pending) {
    lines.push(
      `  ${p.serial}  site ${p.siteId}  asked ${iso(p.requestedAt)}  ${p.approvedAt ? `approved by ${p.approvedBy}` : 'NOT APPROVED'}`,
    );
  }
  if (pending.length === 0) lines.push('  (none)');
  lines.push('Enrolled kiosks:');
  for (const k of kiosks.sort((a, b) => a.kioskId.localeCompare(b.kioskId))) {
    lines.push(
      `  ${k.kioskId}  site ${k.siteId}  serial ${k.serial}  since ${iso(k.enrolledAt)}  cert until ${iso(k.notAfter)}`,
    );
  }
  if (kiosks.length === 0) lines.push('  (none)');
  const open = (await new ClaimStore(dataDir).list()).filter((c) => !c.used && c.expiresAt > Date.now());
  lines.push(`Open claim codes: ${open.length}`);
  io.out(`${lines.join('\n')}\n`);
  return 0;
}

async function approve(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...dataOption, by: { type: 'string' } },
  });
  const serial = positionals[0];
  if (!serial) {
    io.err(USAGE);
    return 2;
  }
  const by = values.by ?? process.env.USER ?? 'operator';
  const p = await new EnrolmentRegistry(dataDirOf(values)).approve(serial, by);
  io.out(`approved ${p.serial} for site ${p.siteId}; it is enrolled the next time it asks\n`);
  return 0;
}

async function serve(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...dataOption, broker: { type: 'string' }, 'kiosk-broker': { type: 'string' } },
  });
  if (!values.broker) {
    io.err(`--broker is required\n${USAGE}`);
    return 2;
  }
  const dataDir = dataDirOf(values);
  const service = await startEnrolService({
    brokerUrl: values.broker,
    tls: await serviceTls(dataDir, 'svc-enroll'),
    dataDir,
    ca: await loadPair(pkiPaths(dataDir).deviceCa),
    kioskBrokerUrl: values['kiosk-broker'] ?? values.broker,
    log: (line) => io.out(`${line}\n`),
  });
  io.out(`enrolment service READY on ${values.broker} (state in ${dataDir}/enroll)\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await service.close();
  return 0;
}
