import type { HttpAnswer } from '../types';

/** A `<response>` document of the terminal protocols (TBC, Telcell), always UTF-8 as the gateway sends it. */
export function xmlResponse(
  status: number,
  inner: string,
  contentType: string,
  headers: Record<string, string> = {},
): HttpAnswer {
  return {
    status,
    headers: { 'Content-Type': contentType, ...headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<response>${inner}</response>`,
  };
}
