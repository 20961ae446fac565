// A JSON string token, or a JSON number literal; in valid JSON nothing else outside strings matches.
const TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * A JSON body read twice: `typed` as JSON.parse gives it, `literal` with every number replaced by its text as sent.
 * The HMAC covers numbers as written ("500.70", not 500.7), and amounts must never pass through a float.
 */
export interface JsonBody {
  typed: unknown;
  literal: unknown;
}

export function readJson(text: string): JsonBody | undefined {
  try {
    const typed: unknown = JSON.parse(text);
    const literal: unknown = JSON.parse(text.replace(TOKEN, (token) => (token.startsWith('"') ? token : `"${token}"`)));
    return { typed, literal };
  } catch {
    return undefined;
  }
}
