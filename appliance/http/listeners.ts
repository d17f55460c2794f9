/**
 * The appliance's listeners: plain HTTP for the kiosk and board screens (and for staff, unless TLS
 * is configured), and, with `http.tls`, HTTPS for the staff panel on the LAN with a certificate from
 * the district's device CA. With HTTPS, staff routes on the plain listener refuse and point there,
 * so a session cookie (then `Secure`) never travels in the clear.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { StartupError } from '../core/errors.ts';
import { type HttpServerOptions, type ServedRoute, startHttpServer } from './server.ts';

export interface Listeners {
  /** The plain listener's base URL (kiosk, board; the panel too without TLS). */
  url: string;
  /** The HTTPS staff panel's base URL, when TLS is configured. */
  adminUrl: string | null;
  routes: ServedRoute[];
  /** Compiles every route schema not compiled yet (they compile at first use); returns how many. */
  compileSchemas(): number;
  close(): Promise<void>;
}

type Shared = Omit<HttpServerOptions, 'host' | 'port' | 'tls' | 'staffOnlyAt'>;

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new StartupError(
      'http.tls-unreadable',
      `cannot read the staff panel's TLS ${what} ${path}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

export async function startListeners(shared: Shared, http: ApplianceConfig['http']): Promise<Listeners> {
  const apps: FastifyInstance[] = [];
  const close = async () => {
    for (const app of apps.reverse()) await app.close().catch(() => {});
  };
  try {
    let admin: { url: string; compileSchemas: () => number } | null = null;
    if (http.tls) {
      const tls = { cert: readPem(http.tls.cert, 'certificate'), key: readPem(http.tls.key, 'key') };
      const started = await startHttpServer({ ...shared, host: http.tls.host, port: http.tls.port, tls });
      apps.push(started.app);
      admin = started;
    }
    const plain = await startHttpServer({
      ...shared,
      host: http.host,
      port: http.port,
      ...(admin ? { staffOnlyAt: admin.url } : {}),
    });
    apps.push(plain.app);
    const compileSchemas = () => plain.compileSchemas() + (admin?.compileSchemas() ?? 0);
    return { url: plain.url, adminUrl: admin?.url ?? null, routes: plain.routes, compileSchemas, close };
  } catch (err) {
    await close();
    throw err;
  }
}
