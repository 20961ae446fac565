import { z } from 'zod';

export interface ReadParams<K extends string> {
  readonly values: Partial<Record<K, string>>;
  /** Parameters sent more than once with different values; they are left out of `values`. */
  readonly ambiguous: readonly K[];
}

/**
 * Reads the protocol's parameters by their wire names. A parameter repeated with different values is ambiguous,
 * and the call is refused rather than guessing which copy some proxy or validator saw.
 */
export function readParams<K extends string>(
  query: URLSearchParams,
  names: Readonly<Record<K, string>>,
): ReadParams<K> {
  const values: Partial<Record<K, string>> = {};
  const ambiguous: K[] = [];
  for (const param of Object.keys(names) as K[]) {
    const distinct = new Set(query.getAll(names[param]));
    const [first] = distinct;
    if (distinct.size > 1) ambiguous.push(param);
    else if (first !== undefined) values[param] = first;
  }
  return { values, ambiguous };
}

/** Wire names as a wallet may set them: short, printable, no separators. */
export const WIRE_NAME = /^[\w.[\]-]{1,64}$/;

const wireName = z.string().regex(WIRE_NAME);

/** Zod for a wallet's renames of the protocol's parameters: any of `params`, each a wire name, nothing else. */
export function paramNamesSchema<K extends string>(params: readonly K[]) {
  const shape = Object.fromEntries(params.map((param) => [param, wireName])) as Record<K, typeof wireName>;
  return z.strictObject(shape).partial().nullish();
}

/** The wallet's wire names over the PSP's; undefined when two parameters would be read from one name. */
export function resolveParamNames<K extends string>(
  defaults: Readonly<Record<K, string>>,
  overrides: Partial<Record<K, string | undefined>> | null | undefined,
): Readonly<Record<K, string>> | undefined {
  const params = Object.keys(defaults) as K[];
  const names = Object.fromEntries(params.map((param) => [param, overrides?.[param] ?? defaults[param]])) as Record<
    K,
    string
  >;
  return new Set(Object.values(names)).size === params.length ? names : undefined;
}
