export interface ElecsnetForm {
  readonly values: ReadonlyMap<string, string>;
  /** Names sent more than once with different values: refused, never guessed. */
  readonly ambiguous: readonly string[];
}

const WINDOWS_1251 = new TextDecoder('windows-1251');

/**
 * The signed payload as the implementation reads it: windows-1251 text, `&`-separated `name=value` pairs, names
 * case-insensitive, values taken literally (no percent-decoding: the signature covers exactly these bytes).
 */
export function readElecsnetForm(payload: Buffer): ElecsnetForm {
  const values = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const pair of WINDOWS_1251.decode(payload).split('&')) {
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    const seen = values.get(name);
    if (seen !== undefined && seen !== value) ambiguous.add(name);
    values.set(name, value);
  }
  for (const name of ambiguous) values.delete(name);
  return { values, ambiguous: [...ambiguous] };
}
