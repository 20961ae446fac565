import type { z } from 'zod';
import { NeighbourProtocolError, NeighbourRejectedError, NeighbourUnavailableError } from './errors';

/** JSON over HTTP to a neighbour: one attempt per call, every failure a typed error. Retrying is the caller's job. */

export interface NeighbourOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Told of every finished call: which neighbour, how it ended, how long it took. */
  observe?: (call: { neighbour: string; outcome: NeighbourOutcome; seconds: number }) => void;
}

/** How a call ended, by the error it raised: a bounded set, fit for a metric label. */
export type NeighbourOutcome =
  'ok' | 'not_found' | 'rejected' | 'protocol_error' | 'timeout' | 'network' | 'unavailable';

function outcomeOf(err: unknown): NeighbourOutcome {
  if (err instanceof NeighbourUnavailableError) return err.reason === 'status' ? 'unavailable' : err.reason;
  if (err instanceof NeighbourRejectedError) return 'rejected';
  return 'protocol_error';
}

export interface JsonCall {
  method: 'GET' | 'POST';
  /** Starts with `/`; ids already encoded. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface JsonHttp {
  /** A 2xx answer checked against `schema`. */
  send<T>(call: JsonCall, schema: z.ZodType<T>): Promise<T>;
  /** Like send, but the contract's 404 `{ code: "not_found" }` is an answer: null. */
  find<T>(call: JsonCall, schema: z.ZodType<T>): Promise<T | null>;
}

interface Answer {
  status: number;
  body: unknown;
}

const isTimeout = (e: unknown) => typeof e === 'object' && e !== null && 'name' in e && e.name === 'TimeoutError';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorBody(body: unknown): { code?: string; message?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const { code, message } = body as { code?: unknown; message?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

export function jsonHttp(neighbour: string, { baseUrl, timeoutMs, observe }: NeighbourOptions): JsonHttp {
  const base = baseUrl.replace(/\/+$/, '');

  async function timed<T>(call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const done = (outcome: NeighbourOutcome) =>
      observe?.({ neighbour, outcome, seconds: (performance.now() - started) / 1000 });
    try {
      const result = await call();
      done(result === null ? 'not_found' : 'ok');
      return result;
    } catch (err) {
      done(outcomeOf(err));
      throw err;
    }
  }

  async function exchange(call: JsonCall): Promise<Answer> {
    const what = `${call.method} ${call.path}`;
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers = {
      accept: 'application/json',
      ...(payload && { 'content-type': 'application/json' }),
      ...call.headers,
    };
    try {
      // The timeout covers reading the body too.
      const res = await fetch(base + call.path, {
        method: call.method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, body: parseJson(await res.text()) };
    } catch (e) {
      const timedOut = isTimeout(e);
      const why = timedOut ? `no answer within ${timeoutMs} ms` : 'unreachable or connection lost';
      throw new NeighbourUnavailableError(neighbour, timedOut ? 'timeout' : 'network', `${what}: ${why}`, undefined, {
        cause: e,
      });
    }
  }

  /** A 2xx body checked against the contract, or the error its status stands for. */
  function settle<T>(call: JsonCall, schema: z.ZodType<T>, { status, body }: Answer): T {
    const what = `${call.method} ${call.path}`;
    if (status >= 200 && status < 300) {
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new NeighbourProtocolError(neighbour, `${what}: answer outside the contract`, status);
      return parsed.data;
    }
    const { code, message } = errorBody(body);
    if (status >= 500 || status === 408 || status === 429) {
      throw new NeighbourUnavailableError(neighbour, 'status', `${what} answered ${status}`, status);
    }
    if (status === 409 || status === 422) {
      throw new NeighbourRejectedError(
        neighbour,
        status,
        code ?? `http_${status}`,
        message ?? `${what} answered ${status}`,
      );
    }
    throw new NeighbourProtocolError(neighbour, `${what} answered ${status}${code ? ` (${code})` : ''}`, status);
  }

  return {
    send: (call, schema) => timed(async () => settle(call, schema, await exchange(call))),
    find: (call, schema) =>
      timed(async () => {
        const answer = await exchange(call);
        // A 404 without the contract's code is a wrong URL, not an absent driver.
        if (answer.status === 404 && errorBody(answer.body).code === 'not_found') return null;
        return settle(call, schema, answer);
      }),
  };
}
