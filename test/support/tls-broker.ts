/**
 * Runs the shipped TLS broker configuration (mosquitto-tls.conf + acl + the shequ_identity plugin,
 * unchanged apart from ports and file locations) on 127.0.0.1, for tests and local trials. Every listener gets an OS-chosen port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIdentityPlugin } from '../../fleet/broker/plugin/identity-plugin.ts';
import { pkiPaths } from '../../fleet/enroll/central-pki.ts';
import { killSync, onProcessExit, removeDirSync } from './cleanup.ts';
import { MOSQUITTO_BIN } from './mosquitto.ts';
import { freePort, waitForPort } from './net.ts';

/** The shipped broker configuration this helper runs: fleet/broker-tls/ (mosquitto-tls.conf, acl). */
const SHIPPED_DIR = new URL('../../fleet/broker-tls/', import.meta.url).pathname;
const SHIPPED_ETC = '/etc/shequ/broker/';

export interface TlsBroker {
  /** mqtts URL of the kiosk listener (device CA). */
  kioskUrl: string;
  /** mqtts URL of the central services listener (service CA). */
  serviceUrl: string;
  /** mqtts URL of the provisioning listener (bootstrap CA). */
  provisioningUrl: string;
  stop(): Promise<void>;
}

export class TlsBrokerStartError extends Error {
  readonly code = 'broker-tls.start-failed';
}

/** The shipped config with its listeners moved to the given loopback ports and files under `etcDir`. */
export function localiseConfig(
  shipped: string,
  etcDir: string,
  ports: { kiosk: number; prov: number; service: number },
): string {
  return [
    shipped
      .replaceAll(SHIPPED_ETC, `${etcDir}/`)
      .replace(/^listener 8883$/m, `listener ${ports.kiosk} 127.0.0.1`)
      .replace(/^listener 8884$/m, `listener ${ports.prov} 127.0.0.1`)
      .replace(/^listener 8885$/m, `listener ${ports.service} 127.0.0.1`)
      .replace(/^log_type notice$/m, '')
      .replace(/^connection_messages true$/m, 'connection_messages false'),
    // Keep root so the parent-death signal set by setpriv survives.
    'user root',
    '',
  ].join('\n');
}

export async function startTlsBroker(centralDataDir: string): Promise<TlsBroker> {
  const etc = await mkdtemp(join(tmpdir(), 'shequ-broker-tls-'));
  let child: ChildProcess | undefined;
  const unregister = onProcessExit(() => {
    killSync(child?.pid);
    removeDirSync(etc);
  });
  try {
    const paths = pkiPaths(centralDataDir);
    for (const name of ['broker.pem', 'broker.key', 'device-ca.pem', 'bootstrap-ca.pem', 'service-ca.pem']) {
      await copyFile(join(paths.brokerDir, name), join(etc, name));
    }
    await copyFile(join(SHIPPED_DIR, 'acl'), join(etc, 'acl'));
    await copyFile(await buildIdentityPlugin(), join(etc, 'shequ_identity.so'));
    const ports = { kiosk: await freePort(), prov: await freePort(), service: await freePort() };
    const shipped = await readFile(join(SHIPPED_DIR, 'mosquitto-tls.conf'), 'utf8');
    const confPath = join(etc, 'mosquitto.conf');
    await writeFile(confPath, localiseConfig(shipped, etc, ports));

    let output = '';
    const proc = spawn('/usr/bin/setpriv', ['--pdeathsig', 'SIGKILL', '--', MOSQUITTO_BIN, '-c', confPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const keep = (c: Buffer) => {
      output = (output + c.toString('utf8')).slice(-4000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const exited = () => proc.exitCode !== null || proc.signalCode !== null;
    for (const port of [ports.kiosk, ports.prov, ports.service]) {
      await waitForPort(port, 5000, () => (exited() ? `mosquitto exited: ${output.trim()}` : undefined));
    }
    return {
      kioskUrl: `mqtts://127.0.0.1:${ports.kiosk}`,
      provisioningUrl: `mqtts://127.0.0.1:${ports.prov}`,
      serviceUrl: `mqtts://127.0.0.1:${ports.service}`,
      async stop() {
        if (!exited()) {
          proc.kill('SIGTERM');
          await new Promise((resolve) => proc.once('exit', resolve));
        }
        unregister();
        removeDirSync(etc);
      },
    };
  } catch (err) {
    killSync(child?.pid);
    unregister();
    removeDirSync(etc);
    throw new TlsBrokerStartError(`TLS broker did not start: ${(err as Error).message}`);
  }
}
