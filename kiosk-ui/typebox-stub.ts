/**
 * Stands in for @sinclair/typebox in the browser bundles. The screens import contract/api.ts
 * for its types and for `apiPaths` / `CSRF_HEADER`; they never validate with the schemas, so
 * building them would only add ~60 KB of TypeBox to every app. Every `Type.X(...)` returns an
 * empty schema here. If the contract starts importing another TypeBox export, esbuild fails
 * with "No matching export", which is the signal to revisit this.
 */
const emptySchema = (): Record<string, never> => ({});

export const Type: Record<string, typeof emptySchema> = new Proxy(
  {},
  {
    get: () => emptySchema,
  },
);
