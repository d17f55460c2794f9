/**
 * Fastify's own schema compilers (ajv for request validation, fast-json-stringify for responses),
 * each route's schema compiled when the route is first used instead of when the server starts.
 *
 * Fastify compiles every route's schemas at start, and for the appliance's ~150 routes that was a
 * third of its start's CPU (about 0.5 s on the 2-core box) — paid again after every power cut, and
 * by every process that starts a server, though a start after a power cut needs a handful of
 * routes. Validation itself is unchanged: the same compilers, options and shared schemas, and the
 * same compiled function answers; only when it is built moves. `compileAll` builds every one now,
 * so a test can prove that each schema compiles (at start that proof came for free).
 */
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type ValidatorFactory = ReturnType<typeof AjvCompiler>;
type ValidatorCompile = ReturnType<ValidatorFactory>;
type Validator = ReturnType<ValidatorCompile>;
type SerializerFactory = ReturnType<typeof SerializerSelector>;
type SerializerCompile = ReturnType<SerializerFactory>;
type Serializer = ReturnType<SerializerCompile>;

/** What Fastify's `schemaController.compilersFactory` option takes, and the compiles still pending. */
export interface LazySchemaCompilers {
  compilersFactory: { buildValidator: ValidatorFactory; buildSerializer: SerializerFactory };
  /** Compiles every schema not compiled yet (throws what a compile throws); returns how many were. */
  compileAll(): number;
}

export function lazySchemaCompilers(): LazySchemaCompilers {
  const pending = new Set<() => unknown>();
  const defer = <F>(compile: () => F): (() => F) => {
    let built: F | undefined;
    const get = () => {
      if (built === undefined) {
        built = compile();
        pending.delete(get);
      }
      return built;
    };
    pending.add(get);
    return get;
  };
  const validators = AjvCompiler();
  const serializers = SerializerSelector();
  const buildValidator: ValidatorFactory = (externalSchemas, options) => {
    const compile = validators(externalSchemas, options);
    return (route) => {
      const real = defer(() => compile(route));
      // Fastify hands ajv's own functions (which carry schemaEnv) the parent object too, so ajv can
      // apply defaults to the root; the real function gets exactly what it would have got.
      const validate = function (this: unknown, data: unknown, context?: unknown) {
        const fn = real();
        return 'schemaEnv' in fn && fn.schemaEnv
          ? fn.call(this, data, context as never)
          : fn.call(this, data);
      } as unknown as Validator;
      Object.defineProperty(validate, 'schemaEnv', { value: true });
      // Fastify reads the errors of the last call from the function it called.
      Object.defineProperty(validate, 'errors', { get: () => real().errors });
      return validate;
    };
  };
  const buildSerializer: SerializerFactory = (externalSchemas, options) => {
    const compile = serializers(externalSchemas, options);
    return (route) => {
      const real = defer(() => compile(route));
      const serialize: Serializer = (doc) => real()(doc);
      return serialize;
    };
  };
  return {
    compilersFactory: { buildValidator, buildSerializer },
    compileAll() {
      const all = [...pending];
      for (const compile of all) compile();
      return all.length;
    },
  };
}
