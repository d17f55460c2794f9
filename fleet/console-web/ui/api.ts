/** Talking to the console server: JSON over fetch, the session's CSRF token on every change. */
export interface PageInfo {
  path: string;
  permission: string;
  title: { zh: string; en: string };
}

export interface SessionInfo {
  username: string;
  displayName: string;
  role: string;
  roleName: { zh: string; en: string };
  permissions: string[];
  csrfToken: string;
  pages: PageInfo[];
  today: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
export const setCsrf = (t: string) => {
  csrfToken = t;
};

/** Called when the server says the session is gone, so the app shows the login again. */
let onLoggedOut: () => void = () => {};
export const whenLoggedOut = (fn: () => void) => {
  onLoggedOut = fn;
};

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const data = (await res.json().catch(() => ({}))) as { code?: string; error?: string };
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/login' && path !== '/api/session') onLoggedOut();
    throw new ApiError(res.status, data.code ?? 'error', data.error ?? res.statusText);
  }
  return data as T;
}

/** A query string from the filters that are set. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
