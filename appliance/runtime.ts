/** Puts an appliance together with its HTTP server: the one composition used by `shequ start` and the tests. */
import { fileURLToPath } from 'node:url';
import type { IdCardReader } from '../drivers/idcard/index.ts';
import type { ReceiptPrinter } from '../drivers/printer/index.ts';
import type { Scanner } from '../drivers/scanner/index.ts';
import type { ApplianceConfig } from '../contract/config/schema.ts';
import { Appliance, type ApplianceOptions } from './core/appliance.ts';
import { type SimulationControls, startHttpServer } from './http/server.ts';
import { StaffAuth } from './http/staff-auth.ts';

export const DEFAULT_UI_DIST = fileURLToPath(new URL('../kiosk-ui/dist', import.meta.url));

export interface RunOptions {
  config: ApplianceConfig;
  dataDir: string;
  reader: IdCardReader | null;
  printer: ReceiptPrinter | null;
  scanner?: Scanner | null;
  uiDistDir?: string;
  sim?: SimulationControls;
  agent?: ApplianceOptions['agent'];
}

export interface RunningAppliance {
  appliance: Appliance;
  auth: StaffAuth;
  url: string;
  close(): Promise<void>;
}

export async function runAppliance(opts: RunOptions): Promise<RunningAppliance> {
  const appliance = await Appliance.open({
    config: opts.config,
    dataDir: opts.dataDir,
    reader: opts.reader,
    printer: opts.printer,
    scanner: opts.scanner ?? null,
    ...(opts.agent ? { agent: opts.agent } : {}),
  });
  const auth = new StaffAuth(appliance.store);
  const { app, url } = await startHttpServer({
    appliance,
    auth,
    uiDistDir: opts.uiDistDir ?? DEFAULT_UI_DIST,
    host: opts.config.http.host,
    port: opts.config.http.port,
    ...(opts.sim ? { sim: opts.sim } : {}),
  });
  return {
    appliance,
    auth,
    url,
    close: async () => {
      await app.close();
      await appliance.close();
      await opts.reader?.close();
      await opts.printer?.close();
      await opts.scanner?.close();
    },
  };
}
