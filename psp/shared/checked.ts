import type { Refusal } from '../types';

/** A value read from the request, or the refusal that answers it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: Refusal; message: string };

export const refusal = (reason: Refusal, message: string): { ok: false; reason: Refusal; message: string } => ({
  ok: false,
  reason,
  message,
});
