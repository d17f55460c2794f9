/** A logged-in HTTP session on the central console (cookie and CSRF token), as a script or the CLI would hold it. */
export interface ConsoleSession {
  get<T>(path: string): Promise<{ status: number; body: T }>;
  post<T>(path: string, body?: unknown): Promise<{ status: number; body: T }>;
  raw(path: string): Promise<Response>;
}

export async function consoleLogin(
  baseUrl: string,
  username: string,
  password: string,
): Promise<ConsoleSession> {
  const base = baseUrl.replace(/\/$/, '');
  const login = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login as ${username} failed: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const session = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as {
    csrfToken: string;
  };
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie,
        accept: 'application/json',
        ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrfToken }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    raw: (path) => fetch(`${base}${path}`, { headers: { cookie } }),
  };
}
