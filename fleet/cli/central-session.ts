/**
 * The `shequ fleet rollout` commands act through the central console's HTTP API, as the operator
 * they log in as: the console server drives the rollout (its waves wait on the kiosks' reports),
 * checks the role and writes the audit row with the operator's name, exactly as from the page.
 * The password comes from $SHEQU_CENTRAL_PASSWORD or --password-file, never the command line
 * (other users could read it in the process list).
 */
import { readFile } from 'node:fs/promises';
import { CliError } from '../../platform/cli/index.ts';

export const CENTRAL_ENV = {
  url: 'SHEQU_CENTRAL_URL',
  user: 'SHEQU_CENTRAL_USER',
  password: 'SHEQU_CENTRAL_PASSWORD',
};

export const CENTRAL_OPTIONS = {
  central: { type: 'string' },
  user: { type: 'string' },
  'password-file': { type: 'string' },
} as const;

export const CENTRAL_HELP = `--central URL  the central console (default $${CENTRAL_ENV.url}), e.g. http://127.0.0.1:8090
--user NAME    an operator's login (default $${CENTRAL_ENV.user}); the act is audited under this name
--password-file FILE, else $${CENTRAL_ENV.password}: the password (never on the command line)
`;

/** The console answered with an error (the server's one-line message, with its code). */
export class CentralHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CentralSession {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

export interface CentralChoice {
  central?: string | undefined;
  user?: string | undefined;
  'password-file'?: string | undefined;
}

async function passwordOf(choice: CentralChoice, env: NodeJS.ProcessEnv): Promise<string> {
  const file = choice['password-file'];
  if (file) {
    const text = await readFile(file, 'utf8').catch((err: Error) => {
      throw new CliError(`cannot read the password file ${file}: ${err.message}`);
    });
    return text.replace(/\r?\n$/, '');
  }
  const fromEnv = env[CENTRAL_ENV.password];
  if (fromEnv) return fromEnv;
  throw new CliError(`no password: set $${CENTRAL_ENV.password} or pass --password-file FILE`);
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new CliError(`cannot reach the central console at ${new URL(url).origin} (${why}); is it running?`);
  }
}

async function errorOf(res: Response): Promise<CentralHttpError> {
  const body = (await res.json().catch(() => ({}))) as { code?: string; error?: string; message?: string };
  const message = body.error ?? body.message ?? `HTTP ${res.status}`;
  return new CentralHttpError(res.status, body.code ?? `http.${res.status}`, message);
}

export async function loginToCentral(
  choice: CentralChoice,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CentralSession> {
  const raw = choice.central ?? env[CENTRAL_ENV.url];
  if (!raw) throw new CliError(`which console? pass --central URL or set $${CENTRAL_ENV.url}`);
  let base: string;
  try {
    base = new URL(raw).origin;
  } catch {
    throw new CliError(`--central '${raw}' is not a URL`);
  }
  const username = choice.user ?? env[CENTRAL_ENV.user];
  if (!username) throw new CliError(`who? pass --user NAME or set $${CENTRAL_ENV.user}`);
  const password = await passwordOf(choice, env);
  const login = await send(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) {
    const err = await errorOf(login);
    throw new CliError(`login to ${base} as ${username} refused: ${err.message}`);
  }
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const session = await send(`${base}/api/session`, { headers: { cookie } });
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await send(`${base}${path}`, {
      method,
      headers: {
        cookie,
        accept: 'application/json',
        ...(method === 'POST' ? { 'x-csrf-token': csrfToken, 'content-type': 'application/json' } : {}),
      },
      ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as T;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}
