import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { refuseDrivers, requireDriverSelf, requirePark, requireRole, type Caller } from './auth';

/**
 * Every route of api-internal is one Operation: method, OpenAPI path, who may call it, zod schemas for its params,
 * query and body, and its answers. The same object mounts the Express route, validates the request and writes the
 * OpenAPI document, so the document cannot drift from what is served.
 */
export type Access =
  /** the park's dispatchers and ops (the park in the path must be in the token) */
  | 'park'
  /** the driver named in the path (its driver_id claim), or the park's dispatchers and ops */
  | 'driver'
  /** ops role only */
  | 'ops';

type Shape = z.ZodObject;

export interface Operation {
  id: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `/v1/parks/{parkId}/wallets/{walletId}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: Shape;
  query?: Shape;
  body?: z.ZodType;
  /** status → description and, for JSON answers, the schema of the body. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  handle(ctx: Ctx, req: Request, res: Response): Promise<void>;
}

export interface Ctx<P = Record<string, string>, Q = Record<string, unknown>, B = unknown> {
  params: P;
  query: Q;
  body: B;
  caller: Caller;
}

/** Typed definition of one operation: the handler sees the parsed params, query and body. */
export function operation<P extends Shape = Shape, Q extends Shape = Shape, B extends z.ZodType = z.ZodUnknown>(
  op: Omit<Operation, 'handle' | 'params' | 'query' | 'body'> & {
    params?: P;
    query?: Q;
    body?: B;
    handle(ctx: Ctx<z.output<P>, z.output<Q>, z.output<B>>, req: Request, res: Response): Promise<void>;
  },
): Operation {
  return op as unknown as Operation;
}

export const errorBody = z.object({
  error: z
    .string()
    .describe('machine-readable: unauthorized, forbidden, not_found, invalid_request, conflict, internal'),
  field: z.string().optional().describe('400 only: the failing field (dot path; `body`, `query` when it is the whole)'),
  message: z.string(),
});

export function invalidRequest(res: Response, where: 'params' | 'query' | 'body', error: z.ZodError) {
  const issue = error.issues[0]!;
  // An unknown field has an empty path: name the field itself.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  invalidField(res, path.join('.') || where, issue.message);
}

/** The 400 of every input refusal: `field` names what to fix. */
export function invalidField(res: Response, field: string, message: string) {
  res.status(400).json({ error: 'invalid_request', field, message });
}

const guards: Record<Access, RequestHandler[]> = {
  park: [requirePark, refuseDrivers],
  driver: [requirePark, requireDriverSelf],
  ops: [requireRole('ops')],
};

const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** Registers each operation on the app: access guards, then validation (400 names the field), then the handler. */
export function mountOperations(app: Express, operations: Operation[]) {
  for (const op of operations) {
    const validate = (req: Request, res: Response, next: NextFunction) => {
      const parts = {
        params: op.params ?? z.object({}).loose(),
        query: op.query ?? z.object({}).loose(),
        body: op.body ?? z.unknown(),
      };
      const ctx = { caller: res.locals.caller as Caller } as Ctx;
      for (const where of ['params', 'query', 'body'] as const) {
        const parsed = parts[where].safeParse(where === 'body' ? (req.body ?? {}) : req[where]);
        if (!parsed.success) return invalidRequest(res, where, parsed.error);
        (ctx as unknown as Record<string, unknown>)[where] = parsed.data;
      }
      res.locals.ctx = ctx;
      next();
    };
    app[op.method](expressPath(op.path), ...guards[op.access], validate, (req: Request, res: Response) =>
      op.handle(res.locals.ctx as Ctx, req, res),
    );
  }
}

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

/** OpenAPI 3.1 (JSON Schema 2020-12, which zod 4 writes natively) for the given operations. */
export function openApiDocument(
  operations: Operation[],
  info: { title: string; version: string; description: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters = [
      ...Object.entries(op.params?.shape ?? {}).map(([name, s]) => ({
        name,
        in: 'path',
        required: true,
        schema: strip(jsonSchema(s as z.ZodType)),
      })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, s]) => ({
        name,
        in: 'query',
        required: !(s as z.ZodType).safeParse(undefined).success,
        schema: strip(jsonSchema(s as z.ZodType)),
        ...((s as z.ZodType).description ? { description: (s as z.ZodType).description } : {}),
      })),
    ];
    const responses = Object.fromEntries(
      Object.entries({ ...standardErrors(op), ...op.responses }).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema
            ? { content: { [r.contentType ?? 'application/json']: { schema: strip(jsonSchema(r.schema)) } } }
            : {}),
        },
      ]),
    );
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.id,
      summary: op.summary,
      tags: [op.tag],
      'x-access': op.access,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: strip(jsonSchema(op.body)) } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}

function standardErrors(op: Operation): Operation['responses'] {
  const e = (description: string) => ({ description, schema: errorBody });
  return {
    400: e('invalid input; `field` names the failing one'),
    401: e('missing, expired, wrongly signed or wrong-audience token'),
    403: e(
      op.access === 'ops'
        ? 'not an ops token'
        : op.access === 'driver'
          ? "not the caller's park, or another driver's data"
          : "not the caller's park, or a driver token",
    ),
  };
}

/** Each embedded schema drops its `$schema` line (the document's dialect is JSON Schema 2020-12 already). */
function strip(schema: Record<string, unknown>) {
  const { $schema: _drop, ...rest } = schema;
  return rest;
}
