/**
 * Which broker `shequ fleet` talks to: --broker URL when given (credentials in the URL, TLS files
 * from --ca/--cert/--key); otherwise the running demo's, from `<demo data dir>/broker.json` with
 * the console credentials the demo generated. The demo data dir is --data DIR, else
 * $SHEQU_DEMO_DATA, else var/sim (where `npm start` keeps it).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DEMO_BROKER_FILE, DemoBroker } from '../../contract/demo-broker.ts';
import { CliError } from '../../platform/cli/index.ts';
import type { BrokerTarget } from '../console/connect.ts';
import { readClientTls } from '../tls-files.ts';

export const DEMO_DATA_ENV = 'SHEQU_DEMO_DATA';
export const DEFAULT_DEMO_DATA = 'var/sim';

const checkDemoBroker = TypeCompiler.Compile(DemoBroker);

export interface BrokerChoice {
  broker?: string | undefined;
  data?: string | undefined;
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
}

export function demoDataDir(choice: BrokerChoice, env: NodeJS.ProcessEnv = process.env): string {
  return choice.data ?? (env[DEMO_DATA_ENV] || DEFAULT_DEMO_DATA);
}

export async function brokerTarget(
  choice: BrokerChoice,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BrokerTarget> {
  const tls = await readClientTls(choice);
  if (choice.broker) return { url: choice.broker, ...(tls ? { tls } : {}) };
  const file = join(demoDataDir(choice, env), DEMO_BROKER_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError(`no broker given and no running demo found at ${file}; pass --broker URL`);
    }
    throw new CliError(`cannot read ${file}: ${(err as Error).message}; pass --broker URL`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!checkDemoBroker.Check(value)) {
    const first = value === undefined ? undefined : [...checkDemoBroker.Errors(value)][0];
    const why = first ? `${first.path || '/'} ${first.message}` : 'not JSON';
    throw new CliError(`${file} does not describe a broker (${why}); restart the demo or pass --broker URL`);
  }
  return {
    url: value.url,
    protocolVersion: value.protocolVersion,
    username: value.console.username,
    password: value.console.password,
    ...(tls ? { tls } : {}),
  };
}
