/**
 * `shequ start --config FILE | --sim`: the appliance, on the devices its configuration names or on
 * simulators (the demo: embedded broker and central too). Both are the same assembly
 * (appliance/assemble.ts); the simulated one is handed in by the caller (demo/start.ts), so the
 * appliance itself never loads central's code. Expected failures are one line and exit 1.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../../firmware-config/load.ts';
import {
  CliError,
  type CliIo,
  type Command,
  defineCommand,
  integerInRange,
  UsageError,
} from '../../platform/cli/index.ts';
import { DataDirInUseError } from '../../platform/data-dir-lock.ts';
import { StartupError } from '../core/errors.ts';
import { startConfigured } from './start-configured.ts';

const USAGE = `Usage: shequ start --config FILE [--data DIR] [--port N]
       shequ start --sim [--data DIR] [--port N] [--mqtt-port N] [--printer-port N]

  --config FILE   run on the devices this configuration names (reader, scanner, printer, camera)
  --sim           simulated devices, embedded MQTT broker and central ingest (the demo)
  --data DIR      where the appliance keeps its store (default: var/appliance, or var/sim with --sim)
  --port N        serve the screens on this port (default: http.port of the configuration; 8080 with --sim)
  --mqtt-port N   the embedded broker's port (--sim; default: any free port)
  --printer-port N  the virtual printer's port (--sim; default: any free port)
`;

const OPTIONS = {
  sim: { type: 'boolean', default: false },
  config: { type: 'string' },
  data: { type: 'string' },
  port: { type: 'string' },
  'mqtt-port': { type: 'string' },
  'printer-port': { type: 'string' },
} as const;

export interface SimStartOptions {
  dataDir: string;
  httpPort: number;
  mqttPort?: number;
  printerPort?: number;
}

/** A started appliance: what to print, and how to stop it. */
export interface Started {
  banner: string[];
  close(): Promise<void>;
}

export type SimStarter = (opts: SimStartOptions) => Promise<Started>;

function waitForSignal(): Promise<string> {
  return new Promise((resolveSignal) => {
    const done = (signal: string) => resolveSignal(signal);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/** What the person starting the appliance can fix, as one line; anything else stays a bug. */
function asCliError(err: unknown): unknown {
  if (err instanceof StartupError) return new CliError(err.message, { cause: err });
  // "FILE is invalid:" and one problem a line, as one line: "FILE is invalid: /a: …; /b: …".
  if (err instanceof ConfigError) return new CliError(err.message.replace(/:\n\s*/, ': '), { cause: err });
  if (err instanceof DataDirInUseError) {
    return new CliError(`${err.message}: stop that process first, or choose another --data directory`, {
      cause: err,
    });
  }
  return err;
}

const PORTS = { min: 0, max: 65535 };
const port = (option: string, value: string) => integerInRange(value, option, PORTS);

async function startFromConfig(configFile: string, values: { data?: string; port?: string }, io: CliIo) {
  const dataDir = resolve(values.data ?? 'var/appliance');
  const running = await startConfigured({
    configFile,
    dataDir,
    ...(values.port !== undefined ? { port: port('--port', values.port) } : {}),
    log: (line) => io.err(`${line}\n`),
  });
  const { config } = running.appliance;
  return {
    banner: running.adminUrl
      ? [
          `Shequ appliance ${config.kioskId} serving ${running.url}/kiosk/, /board/`,
          `  staff panel over HTTPS: ${running.adminUrl}/admin/`,
        ]
      : [`Shequ appliance ${config.kioskId} serving ${running.url}/kiosk/, /admin/, /board/`],
    close: () => running.close(),
  };
}

export function startCommand(sim: SimStarter | null): Command {
  return defineCommand({
    name: 'start',
    usage: USAGE,
    options: OPTIONS,
    run: async ({ values, io }) => {
      if (values.sim && values.config) throw new UsageError('give either --config FILE or --sim, not both');
      if (!values.sim && !values.config) throw new UsageError('give --config FILE (real devices) or --sim');
      let started: Started;
      try {
        if (values.sim) {
          if (!sim) throw new CliError('this build has no simulation mode; run it with --config FILE');
          started = await sim({
            dataDir: resolve(values.data ?? 'var/sim'),
            httpPort: values.port !== undefined ? port('--port', values.port) : 8080,
            ...(values['mqtt-port'] !== undefined
              ? { mqttPort: port('--mqtt-port', values['mqtt-port']) }
              : {}),
            ...(values['printer-port'] !== undefined
              ? { printerPort: port('--printer-port', values['printer-port']) }
              : {}),
          });
        } else {
          started = await startFromConfig(values.config!, values, io);
        }
      } catch (err) {
        throw asCliError(err);
      }
      io.out(`${[...started.banner, 'Press Ctrl-C to stop.', ''].join('\n')}`);
      const signal = await waitForSignal();
      io.out(`\n${signal}: stopping…\n`);
      await started.close();
      io.out('stopped.\n');
      return 0;
    },
  });
}

/** `shequ start` without the demo's simulators (cli/main.ts runs demo/start.ts, which has them). */
export const run = startCommand(null);
