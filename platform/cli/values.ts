/** Checks of option values that several commands share; each throws a UsageError naming the option. */
import { UsageError } from './errors.ts';

/** A number of seconds > 0 (fractions allowed), or the default when the option was not given. */
export function positiveSeconds(value: string | undefined, option: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !(n > 0) || !Number.isFinite(n)) {
    throw new UsageError(`${option} must be a positive number of seconds, not '${value ?? ''}'`);
  }
  return n;
}

/** A number of seconds >= 0 (e.g. a delay), or the default when the option was not given. */
export function nonNegativeSeconds(value: string | undefined, option: string, fallback = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0) || !Number.isFinite(n)) {
    throw new UsageError(`${option} must be a number of seconds, not '${value}'`);
  }
  return n;
}

/** A whole number in [min, max], or the default when the option was not given. */
export function integerInRange(
  value: string | undefined,
  option: string,
  range: { min: number; max: number },
  fallback?: number,
): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(
      `${option} must be a whole number from ${range.min} to ${range.max}, not '${value ?? ''}'`,
    );
  }
  return n;
}

/** One of the listed words. */
export function oneOf<T extends string>(value: string, option: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`${option} must be one of ${choices.join(', ')}, not '${value}'`);
  }
  return value as T;
}
