import type { PspRequest } from '../types';
import { OSMP_PARAMS, type OsmpParam, type OsmpParamNames } from './config';

export interface OsmpParams {
  readonly values: Partial<Record<OsmpParam, string>>;
  /** Parameters sent more than once with different values; they are left out of `values`. */
  readonly ambiguous: readonly OsmpParam[];
}

/**
 * QIWI sends parameters in the query (GET) or an urlencoded body (POST). Both are read and neither wins: a
 * parameter repeated with different values is ambiguous, and the call is refused rather than guessing which copy
 * some proxy or validator saw. A body of any other content type is ignored.
 */
export function readOsmpParams(req: PspRequest, names: OsmpParamNames): OsmpParams {
  const sources = [req.query, ...formBody(req)];
  const values: Partial<Record<OsmpParam, string>> = {};
  const ambiguous: OsmpParam[] = [];
  for (const param of OSMP_PARAMS) {
    const distinct = new Set(sources.flatMap((source) => source.getAll(names[param])));
    const [first] = distinct;
    if (distinct.size > 1) ambiguous.push(param);
    else if (first !== undefined) values[param] = first;
  }
  return { values, ambiguous };
}

function formBody(req: PspRequest): URLSearchParams[] {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (req.method.toUpperCase() !== 'POST' || mediaType !== 'application/x-www-form-urlencoded') return [];
  return [new URLSearchParams(req.rawBody.toString('utf8'))];
}
