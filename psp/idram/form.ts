import type { PspRequest } from '../types';

export const IDRAM_FIELDS = [
  'EDP_PRECHECK',
  'EDP_BILL_NO',
  'EDP_REC_ACCOUNT',
  'EDP_PAYER_ACCOUNT',
  'EDP_AMOUNT',
  'EDP_TRANS_ID',
  'EDP_TRANS_DATE',
  'EDP_CHECKSUM',
] as const;
export type IdramField = (typeof IDRAM_FIELDS)[number];
export type IdramForm = Partial<Record<IdramField, string>>;

export type FormResult = { ok: true; form: IdramForm } | { ok: false; message: string };

/**
 * Idram POSTs an urlencoded form to RESULT_URL. Only the body counts: a field repeated with different values is
 * refused rather than guessing which copy the checksum was computed over. Custom EDP_* fields are ignored.
 */
export function readIdramForm(req: PspRequest): FormResult {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (req.method.toUpperCase() !== 'POST' || mediaType !== 'application/x-www-form-urlencoded') {
    return { ok: false, message: 'expected an urlencoded form POST' };
  }
  const body = new URLSearchParams(req.rawBody.toString('utf8'));
  const form: IdramForm = {};
  for (const field of IDRAM_FIELDS) {
    const distinct = new Set(body.getAll(field));
    const [first] = distinct;
    if (distinct.size > 1) return { ok: false, message: `${field} repeated with different values` };
    if (first !== undefined) form[field] = first;
  }
  return { ok: true, form };
}
