/**
 * @peculiar/x509 resolves its algorithms through tsyringe, which refuses to load unless the
 * `reflect-metadata` polyfill is present. That package is not installed, and tsyringe only needs
 * three functions (with no emitted decorator metadata), so this supplies exactly those.
 * Must be evaluated before @peculiar/x509: import './x509.ts', never the package directly.
 */
type MetadataStore = WeakMap<object, Map<unknown, unknown>>;

interface ReflectMetadata {
  getMetadata?: (key: unknown, target: object) => unknown;
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
}

const reflect = Reflect as typeof Reflect & ReflectMetadata;

if (typeof reflect.getMetadata !== 'function') {
  const store: MetadataStore = new WeakMap();
  const own = (target: object) => store.get(target);
  reflect.getOwnMetadata = (key, target) => own(target)?.get(key);
  reflect.getMetadata = (key, target) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      const found = own(t);
      if (found?.has(key)) return found.get(key);
    }
    return undefined;
  };
  reflect.defineMetadata = (key, value, target) => {
    let map = own(target);
    if (!map) {
      map = new Map();
      store.set(target, map);
    }
    map.set(key, value);
  };
}
