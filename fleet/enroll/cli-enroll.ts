/**
 * `shequ fleet enroll` — the enrolment service and its operator commands:
 *   shequ fleet enroll [run] --broker mqtts://HOST:8885 --kiosk-broker mqtts://HOST:8883 [--data DIR]
 *   shequ fleet enroll claim --site SITE [--ttl 24h] [--kiosk ID] [--approval] [--data DIR]
 *   shequ fleet enroll list [--data DIR]
 *   shequ fleet enroll approve SERIAL [--by NAME] [--data DIR]
 *   shequ fleet enroll sites [--data DIR]
 */
import { resolve } from 'node:path';
import { defineCommand, defineGroup, UsageError } from '../../platform/cli/index.ts';
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
  shequ fleet enroll sites [--data DIR]
--data DIR is central's data directory (default var/central)
`;

const SITE = /^[a-z0-9-]{2,32}$/;
const KIOSK = /^[A-Za-z0-9_-]{3,64}$/;
const EXPECTED = [PkiError, DurationError, ApprovalError, EnrolServiceError];

const dataOption = { data: { type: 'string' } } as const;
const dataDirOf = (v: { data?: string | undefined }) => resolve(v.data ?? 'var/central');

const claim = defineCommand({
  name: 'fleet enroll claim',
  usage: `usage: shequ fleet enroll claim --site SITE [--ttl 24h] [--kiosk ID] [--approval] [--data DIR]
  prints a single-use claim code for a new kiosk of SITE; --approval makes its enrolment wait for 'approve'
`,
  options: {
    ...dataOption,
    site: { type: 'string' },
    ttl: { type: 'string', default: '24h' },
    kiosk: { type: 'string' },
    approval: { type: 'boolean', default: false },
  },
  expected: EXPECTED,
  run: async ({ values, io }) => {
    if (!values.site || !SITE.test(values.site)) {
      throw new UsageError('--site is required: lower-case letters, digits and - (2-32)');
    }
    if (values.kiosk && !KIOSK.test(values.kiosk)) {
      throw new UsageError('--kiosk may use letters, digits, - and _ (3-64)');
    }
    const now = Date.now();
    const expiresAt = now + parseDuration(values.ttl);
    const code = await new ClaimStore(dataDirOf(values)).issue({
      siteId: values.site,
      ...(values.kiosk ? { kioskId: values.kiosk } : {}),
      requireApproval: values.approval,
      createdAt: now,
      expiresAt,
    });
    io.out(`${code}\n`);
    io.err(
      `claim code for site ${values.site}, single use, valid until ${new Date(expiresAt).toISOString()}${values.approval ? ', needs approval' : ''}\n`,
    );
    return 0;
  },
});

const list = defineCommand({
  name: 'fleet enroll list',
  usage:
    'usage: shequ fleet enroll list [--data DIR]\n  enrolments waiting for approval, enrolled kiosks, open claim codes\n',
  options: dataOption,
  expected: EXPECTED,
  run: async ({ values, io }) => {
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
  },
});

const approve = defineCommand({
  name: 'fleet enroll approve',
  usage: 'usage: shequ fleet enroll approve SERIAL [--by NAME] [--data DIR]\n',
  options: { ...dataOption, by: { type: 'string' } },
  positionals: ['SERIAL'],
  expected: EXPECTED,
  run: async ({ values, positionals, io }) => {
    const by = values.by ?? process.env.USER ?? 'operator';
    const p = await new EnrolmentRegistry(dataDirOf(values)).approve(positionals[0]!, by);
    io.out(`approved ${p.serial} for site ${p.siteId}; it is enrolled the next time it asks\n`);
    return 0;
  },
});

const serve = defineCommand({
  name: 'fleet enroll run',
  usage: `usage: shequ fleet enroll [run] --broker mqtts://HOST:8885 [--kiosk-broker mqtts://HOST:8883] [--data DIR]
  runs the enrolment service until Ctrl-C; --kiosk-broker is the address enrolled kiosks are given
`,
  options: { ...dataOption, broker: { type: 'string' }, 'kiosk-broker': { type: 'string' } },
  expected: EXPECTED,
  run: async ({ values, io }) => {
    if (!values.broker) throw new UsageError('--broker URL is required');
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
  },
});

const sites = defineCommand({
  name: 'fleet enroll sites',
  usage:
    'usage: shequ fleet enroll sites [--data DIR]\n  "kioskId siteId" of every enrolled kiosk: the broker\'s kiosk_sites file (fleet/broker/mosquitto.conf)\n',
  options: dataOption,
  expected: EXPECTED,
  run: async ({ values, io }) => {
    const kiosks = await new EnrolmentRegistry(dataDirOf(values)).kiosks();
    const lines = kiosks
      .filter((k) => 'enrolledAt' in k)
      .sort((a, b) => a.kioskId.localeCompare(b.kioskId))
      .map((k) => `${k.kioskId} ${k.siteId}\n`);
    io.out(lines.join(''));
    return 0;
  },
});

export const run = defineGroup({
  name: 'fleet enroll',
  usage: USAGE,
  commands: { run: serve, claim, list, approve, sites },
  defaultCommand: 'run',
});
