/** Hash routes: '#/cases?centre=centre-01&state=open'. Links are plain anchors, so drill-down survives reloads. */
import { signalLike } from './signal.ts';

export interface Route {
  path: string;
  query: Record<string, string>;
}

function parse(): Route {
  const raw = location.hash.replace(/^#/, '') || '/today';
  const [path = '/today', search = ''] = raw.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

export const route = signalLike<Route>(parse());
window.addEventListener('hashchange', () => route.set(parse()));

export function href(path: string, query: Record<string, string | number | undefined | null> = {}): string {
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '');
  const search = new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

export function go(path: string, query: Record<string, string | number | undefined | null> = {}): void {
  location.hash = href(path, query);
}
