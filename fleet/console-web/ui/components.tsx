/** The console's building blocks: data loading, sortable tables, big figures, filters, paging. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, qs } from './api.ts';
import { known, named } from './directory.ts';
import { type MessageKey, nameOf, t } from './i18n.ts';
import { go, href } from './router.ts';

export function useApi<T>(path: string | null): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setError(null);
    api<T>(path)
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [path, tick]);
  return { data, error, reload: () => setTick((n) => n + 1) };
}

export interface Column<T> {
  key: string;
  label: string;
  /** Value used for sorting (and shown when no render is given). */
  value: (row: T) => string | number | null | undefined;
  render?: (row: T) => ComponentChildren;
  numeric?: boolean;
}

/** A table whose headers sort its rows (both ways). `sortable: false` when the server sorts. */
export function DataTable<T>(props: {
  columns: Array<Column<T>>;
  rows: T[];
  rowKey: (row: T) => string;
  testId?: string;
  sortable?: boolean;
  footer?: ComponentChildren;
}) {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const col = sort && props.columns.find((c) => c.key === sort.key);
  const rows = col
    ? [...props.rows].sort((a, b) => {
        const x = col.value(a) ?? '';
        const y = col.value(b) ?? '';
        return (x < y ? -1 : x > y ? 1 : 0) * sort!.dir;
      })
    : props.rows;
  if (props.rows.length === 0)
    return (
      <p class="empty" data-testid={props.testId ? `${props.testId}-empty` : undefined}>
        {t('none')}
      </p>
    );
  return (
    <div class="table-wrap">
      <table class="data" data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th
                key={c.key}
                class={c.numeric ? 'num' : ''}
                aria-sort={sort?.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}
              >
                {props.sortable === false ? (
                  c.label
                ) : (
                  <button
                    type="button"
                    class="sort"
                    onClick={() =>
                      setSort({ key: c.key, dir: sort?.key === c.key && sort.dir === 1 ? -1 : 1 })
                    }
                  >
                    {c.label}
                    {sort?.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={props.rowKey(r)}>
              {props.columns.map((c) => (
                <td key={c.key} class={c.numeric ? 'num' : ''}>
                  {c.render ? c.render(r) : (c.value(r) ?? '')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {props.footer}
      </table>
    </div>
  );
}

/** A big figure a supervisor reads at a glance; links to the list behind it. */
export function Tile(props: {
  label: string;
  value: number | string | null;
  link?: string;
  tone?: string;
  testId?: string;
}) {
  const body = (
    <>
      <span class="tile-value">{props.value ?? '—'}</span>
      <span class="tile-label">{props.label}</span>
    </>
  );
  return props.link ? (
    <a class={`tile ${props.tone ?? ''}`} href={props.link} data-testid={props.testId}>
      {body}
    </a>
  ) : (
    <div class={`tile ${props.tone ?? ''}`} data-testid={props.testId}>
      {body}
    </div>
  );
}

/** A number that drills down to the list behind it (plain when zero). */
export function Drill(props: { n: number | null | undefined; to: string; testId?: string }) {
  if (!props.n) return <span class="zero">{props.n ?? 0}</span>;
  return (
    <a href={props.to} data-testid={props.testId}>
      {props.n}
    </a>
  );
}

export type FilterField =
  | { key: string; label: MessageKey; kind: 'text' | 'day' }
  | { key: string; label: MessageKey; kind: 'select'; options: Array<{ value: string; label: string }> }
  | { key: string; label: MessageKey; kind: 'directory'; dir: 'centre' | 'service' | 'item' };

/** Filters kept in the URL, so every filtered list is a link (and the back button works). */
export function Filters(props: {
  path: string;
  query: Record<string, string>;
  fields: FilterField[];
  csv?: string;
}) {
  const [draft, setDraft] = useState(props.query);
  useEffect(() => setDraft(props.query), [props.query]);
  const set = (k: string, v: string) => setDraft({ ...draft, [k]: v });
  return (
    <form
      class="filters"
      onSubmit={(e) => {
        e.preventDefault();
        go(props.path, { ...draft, page: undefined });
      }}
    >
      {props.fields.map((f) => (
        <label key={f.key} htmlFor={`f-${f.key}`}>
          <span>{t(f.label)}</span>
          {f.kind === 'select' || f.kind === 'directory' ? (
            <select
              name={f.key}
              value={draft[f.key] ?? ''}
              onChange={(e) => set(f.key, e.currentTarget.value)}
            >
              <option value="">{t('all')}</option>
              {(f.kind === 'select'
                ? f.options
                : known(f.dir).map((o) => ({ value: o.id, label: o.name }))
              ).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
              {draft[f.key] && f.kind === 'directory' && !known(f.dir).some((o) => o.id === draft[f.key]) ? (
                <option value={draft[f.key]}>{draft[f.key]}</option>
              ) : null}
            </select>
          ) : (
            <input
              id={`f-${f.key}`}
              name={f.key}
              type={f.kind === 'day' ? 'date' : 'text'}
              value={draft[f.key] ?? ''}
              onInput={(e) => set(f.key, e.currentTarget.value)}
            />
          )}
        </label>
      ))}
      <button type="submit" class="primary">
        {t('search')}
      </button>
      <a class="button" href={href(props.path)}>
        {t('reset')}
      </a>
      {props.csv ? (
        <a class="button" href={props.csv} download data-testid="csv">
          {t('csv')}
        </a>
      ) : null}
    </form>
  );
}

export function Pager(props: {
  path: string;
  query: Record<string, string>;
  total: number;
  /** The server stopped counting at `total`: there are more rows, and pages past the count. */
  capped?: boolean;
  page: number;
  size: number;
}) {
  const counted = Math.max(1, Math.ceil(props.total / props.size));
  const pages = props.capped ? Math.max(counted, props.page + 1) : counted;
  return (
    <nav class="pager" aria-label="pages">
      <span data-testid="total">
        {t('total')} {props.capped ? `${props.total}+` : props.total} {t('rows')}
      </span>
      {props.page > 1 ? (
        <a href={href(props.path, { ...props.query, page: props.page - 1 })}>{t('prev')}</a>
      ) : null}
      <span>
        {props.page} / {props.capped ? `${pages}+` : pages}
      </span>
      {props.page < pages ? (
        <a href={href(props.path, { ...props.query, page: props.page + 1 })}>{t('next')}</a>
      ) : null}
    </nav>
  );
}

export const badge = (code: string | null | undefined) =>
  code ? <span class={`badge b-${code}`}>{nameOf(code)}</span> : null;

export const centreName = (id: string | null | undefined) => named('centre', id);

/** The API query string of a list page, from the page's route query. */
export const apiQuery = (q: Record<string, string>) => qs(q);

export function Loading(props: { error: string | null }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : (
    <p class="loading">{t('loading')}</p>
  );
}
