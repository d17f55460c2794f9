/**
 * The appliance's listeners: plain HTTP for the kiosk and board screens (and for staff, unless TLS
 * is configured), and, with `http.tls`, HTTPS for the staff panel on the LAN with a certificate from
 * the district's device CA. With HTTPS, staff routes on the plain listener refuse and point there,
 * so a session cookie (then `Secure`) never travels in the clear.
 */
import type { Server as HttpsServer } from 'node:https';
import type { FastifyInstance } from 'fastify';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import type { PanelTlsAtStart } from './panel-tls.ts';
import { type HttpServerOptions, type ServedRoute, startHttpServer } from './server.ts';

export interface Listeners {
  /** The plain listener's base URL (kiosk, board; the panel too without TLS). */
  url: string;
  /** The HTTPS staff panel's base URL, when TLS is configured. */
  adminUrl: string | null;
  routes: ServedRoute[];
  /**
   * Serves another certificate on the HTTPS panel from the next handshake on: connections already
   * open (a clerk's page, the state stream) keep going.
   */
  swapPanelCert(tls: { cert: string; key: string }): void;
  /** Compiles every route schema not compiled yet (they compile at first use); returns how many. */
  compileSchemas(): number;
  close(): Promise<void>;
}

type Shared = Omit<HttpServerOptions, 'host' | 'port' | 'tls' | 'staffOnlyAt'>;

export async function startListeners(
  shared: Shared,
  http: ApplianceConfig['http'],
  panel: PanelTlsAtStart | null,
): Promise<Listeners> {
  const apps: FastifyInstance[] = [];
  const close = async () => {
    for (const app of apps.reverse()) await app.close().catch(() => {});
  };
  try {
    let admin: { url: string; app: FastifyInstance; compileSchemas: () => number } | null = null;
    if (http.tls && panel) {
      const started = await startHttpServer({
        ...shared,
        host: http.tls.host,
        port: http.tls.port,
        tls: panel.tls,
      });
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
    const swapPanelCert = (tls: { cert: string; key: string }) => {
      (admin?.app.server as HttpsServer | undefined)?.setSecureContext(tls);
    };
    const compileSchemas = () => plain.compileSchemas() + (admin?.compileSchemas() ?? 0);
    return {
      url: plain.url,
      adminUrl: admin?.url ?? null,
      routes: plain.routes,
      swapPanelCert,
      compileSchemas,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
