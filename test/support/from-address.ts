/**
 * HTTP requests from a chosen loopback address (127.0.0.2, 127.0.0.3, ...), so tests and benches can
 * be several clients of the hall's LAN at once on one machine: the appliance sees each as its own.
 */
import { request } from 'node:http';

export interface FromAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answered and assert on it
  json: any;
  headers: Record<string, string | string[] | undefined>;
}

/** The n-th client address of the loopback range (n from 0): 127.0.1.n+1, beside 127.0.0.1. */
export const clientAddress = (n: number): string => `127.0.${1 + Math.floor(n / 250)}.${1 + (n % 250)}`;

export function requestFrom(
  localAddress: string,
  url: string,
  opts: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<FromAnswer> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: opts.method ?? 'GET',
        localAddress,
        agent: false,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
          ...opts.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          let json: unknown = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} in 30 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
