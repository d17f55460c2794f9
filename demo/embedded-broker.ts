/**
 * The embedded MQTT broker of the demo (aedes, MQTT 3.1.1), on 127.0.0.1 only, and not open to
 * anyone: every client logs in with credentials generated at start (one per kiosk, the ingest, the
 * console, the notification service), and each may publish and subscribe only what demo/broker-acl.ts grants its role.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { type BrokerRole, mayPublish, maySubscribe } from './broker-acl.ts';

export interface BrokerCredentials {
  username: string;
  password: string;
}

export interface EmbeddedBroker {
  url: string;
  protocolVersion: 4;
  /** The console's login, for `shequ fleet` (written to broker.json by the demo). */
  console: BrokerCredentials;
  ingest: BrokerCredentials;
  /** The notification service's login (the kiosks' SMS opt-in). */
  notify: BrokerCredentials;
  /** A login for one kiosk: its username is its kiosk ID, so the ACL keeps it in its own topics. */
  kiosk(kioskId: string): BrokerCredentials;
  close(): Promise<void>;
}

const IDENTIFIER_REJECTED = 2; // MQTT 3.1.1 CONNACK codes
const BAD_LOGIN = 4;

function denied(message: string, returnCode: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

export async function startEmbeddedBroker(port = 0): Promise<EmbeddedBroker> {
  const accounts = new Map<string, { password: Buffer; role: BrokerRole }>();
  const enrol = (username: string, role: BrokerRole): BrokerCredentials => {
    const existing = accounts.get(username);
    if (existing) return { username, password: existing.password.toString() };
    const password = randomBytes(18).toString('base64url');
    accounts.set(username, { password: Buffer.from(password), role });
    return { username, password };
  };
  const consoleLogin = enrol('console', 'console');
  const ingestLogin = enrol('ingest', 'ingest');
  const notifyLogin = enrol('notify', 'notify');
  const roleOf = (client: Client | null) => {
    const username = (client as (Client & { shequUser?: string }) | null)?.shequUser;
    const account = username ? accounts.get(username) : undefined;
    return account && username ? { username, role: account.role } : null;
  };

  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const account = username ? accounts.get(username) : undefined;
      const given = password ?? Buffer.alloc(0);
      if (!account || given.length !== account.password.length || !timingSafeEqual(given, account.password)) {
        return done(denied('bad user name or password', BAD_LOGIN), false);
      }
      // A client ID is bound to its login, as on the shipped broker: the kiosk's own ID, or
      // `{login}.{suffix}` for a service (kiosk IDs have no dot), so no login takes over another's session.
      const bound = account.role === 'kiosk' ? client.id === username : client.id.startsWith(`${username}.`);
      if (!bound) {
        return done(
          denied(`client ID '${client.id}' is not bound to '${username}'`, IDENTIFIER_REJECTED),
          false,
        );
      }
      (client as Client & { shequUser?: string }).shequUser = username;
      done(null, true);
    },
    authorizePublish: (client, packet, done) => {
      const who = roleOf(client);
      if (!who || !mayPublish(who.role, who.username, packet.topic)) {
        return done(new Error(`not allowed to publish on ${packet.topic}`));
      }
      done(null);
    },
    authorizeSubscribe: (client, subscription, done) => {
      const who = roleOf(client);
      if (!who || !maySubscribe(who.role, who.username, subscription.topic)) {
        return done(null, null); // refused in the SUBACK (0x80); the connection stays
      }
      done(null, subscription);
    },
  });
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${actual}`,
    protocolVersion: 4,
    console: consoleLogin,
    ingest: ingestLogin,
    notify: notifyLogin,
    kiosk: (kioskId) => {
      if (accounts.get(kioskId)?.role !== undefined && accounts.get(kioskId)?.role !== 'kiosk')
        throw new Error(`'${kioskId}' is a central service's login, not a kiosk ID`);
      return enrol(kioskId, 'kiosk');
    },
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
