/** Client TLS material for central services (ingest, console) on a mutual-TLS broker listener. */
import { readFile } from 'node:fs/promises';

export interface ClientTls {
  /** PEM of the CA that signed the broker's certificate. */
  ca: string;
  /** PEM certificate and key of this service (its CN is its broker identity). */
  cert: string;
  key: string;
}

export class TlsFilesError extends Error {
  readonly code = 'TLS_FILES_UNREADABLE';
}

/** Reads --ca/--cert/--key; all three or none. */
export async function readClientTls(files: {
  ca?: string;
  cert?: string;
  key?: string;
}): Promise<ClientTls | undefined> {
  const given = [files.ca, files.cert, files.key].filter((f) => f !== undefined).length;
  if (given === 0) return undefined;
  if (given !== 3) throw new TlsFilesError('mutual TLS needs all of --ca, --cert and --key');
  try {
    const [ca, cert, key] = await Promise.all(
      [files.ca!, files.cert!, files.key!].map((f) => readFile(f, 'utf8')),
    );
    return { ca: ca!, cert: cert!, key: key! };
  } catch (err) {
    throw new TlsFilesError(`cannot read TLS files: ${(err as Error).message}`);
  }
}
