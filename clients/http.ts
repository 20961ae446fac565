import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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

class TimeoutError extends Error {
  override name = 'TimeoutError';
}
const isTimeout = (e: unknown) => e instanceof TimeoutError;

/** Sockets kept per neighbour; past this, calls queue in the agent instead of opening ever more connections. */
const MAX_SOCKETS = 64;

/**
 * One round trip on a keep-alive agent. Plain `node:http` rather than `fetch`: under CHECK load fetch's WHATWG
 * machinery was the largest single cost of a call (docs/performance.md). The timeout covers reading the body too.
 */
function roundTrip(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string },
  agent: HttpAgent,
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let timedOut = false;
    const fail = (err: unknown) => {
      clearTimeout(timer);
      // The neighbour closed an idle kept-alive socket just as we reused it; a GET is safe to send again.
      const stale = req.reusedSocket && (err as { code?: string }).code === 'ECONNRESET' && init.method === 'GET';
      if (stale && !timedOut) roundTrip(url, init, agent, timeoutMs).then(resolve, reject);
      else reject(timedOut ? new TimeoutError(`no answer within ${timeoutMs} ms`) : err);
    };
    const read = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('aborted', () => fail(new Error('answer cut off')));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: parseJson(Buffer.concat(chunks).toString('utf8')) });
      });
    };
    const req = send(url, { method: init.method, headers: init.headers, agent }, read);
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, timeoutMs);
    req.on('error', fail);
    req.end(init.body);
  });
}

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
  const agent = base.startsWith('https:')
    ? new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS })
    : new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });

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
      ...(payload !== undefined && {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(payload)),
      }),
      ...call.headers,
    };
    try {
      return await roundTrip(
        new URL(base + call.path),
        { method: call.method, headers, body: payload },
        agent,
        timeoutMs,
      );
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
