/** Drives the stand-ins' control surface (`/_control`), the part of them that is not the neighbour's contract. */
async function control(baseUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}/_control${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}`);
  return res.status === 204 ? undefined : res.json();
}

export interface FaultSpec {
  status?: number;
  delay_ms?: number;
  hang?: boolean;
  times?: number;
  paths?: string[];
}

export const setFaults = (baseUrl: string, spec: FaultSpec) => control(baseUrl, 'PUT', '/faults', spec);
export const clearFaults = (baseUrl: string) => control(baseUrl, 'DELETE', '/faults');
export const standInState = <T = Record<string, unknown>>(baseUrl: string) =>
  control(baseUrl, 'GET', '/state') as Promise<T>;
export const seedDrivers = (
  baseUrl: string,
  drivers: Array<{
    park_id: string;
    id: string;
    display_name: string;
    status?: string;
    blocked?: boolean;
    currency?: string;
  }>,
) => control(baseUrl, 'POST', '/drivers', drivers);
