/**
 * mosquitto with the production ACL (fleet/broker/acl) and the shequ_identity plugin on a password
 * listener, with one password for the kiosks and central services given: what the fleet tests
 * and benchmarks run the console and the simulated kiosks against.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIdentityPlugin } from '../../fleet/broker/plugin/identity-plugin.ts';
import { removeDirSync } from './cleanup.ts';
import { type MosquittoBroker, startMosquitto } from './mosquitto.ts';

const ACL_FILE = fileURLToPath(new URL('../../fleet/broker/acl', import.meta.url));

export interface FleetBroker extends MosquittoBroker {
  password: string;
  /** mqtt://user:password@127.0.0.1:port */
  urlFor(user: string): string;
  close(): Promise<void>;
}

/**
 * `sites` (kiosk ID → site ID) is the identity plugin's kiosk_sites file: on this password listener
 * it is what lets a kiosk read its site's streams (`v1/sites/{site}/share/…`), as the OU of its
 * certificate does on the TLS listener.
 */
export async function startFleetBroker(
  users: readonly string[],
  password = 'synthetic-test-secret',
  sites: Readonly<Record<string, string>> = {},
): Promise<FleetBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-fleet-broker-'));
  const passwd = join(dir, 'passwd');
  const sitesFile = join(dir, 'kiosk-sites');
  writeFileSync(
    sitesFile,
    Object.entries(sites)
      .map(([k, s]) => `${k} ${s}\n`)
      .join(''),
  );
  // Plain `user:password` lines hashed in one go (-U), fast enough for a thousand kiosks.
  writeFileSync(passwd, `${users.map((u) => `${u}:${password}`).join('\n')}\n`, { mode: 0o600 });
  execFileSync('/usr/bin/mosquitto_passwd', ['-U', passwd]);
  const broker = await startMosquitto({
    extraConfig: [
      'allow_anonymous false',
      `password_file ${passwd}`,
      `acl_file ${ACL_FILE}`,
      `plugin ${await buildIdentityPlugin()}`,
      `plugin_opt_kiosk_sites ${sitesFile}`,
      'max_inflight_messages 100',
    ].join('\n'),
  });
  return {
    ...broker,
    password,
    urlFor: (user) =>
      `mqtt://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${broker.port}`,
    async close() {
      await broker.stop();
      removeDirSync(dir);
    },
  };
}
