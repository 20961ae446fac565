import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { externalOpenApiDocument } from '../api-external/openapi';
import { API_INFO, internalOperations, type InternalAppDeps } from '../api-internal/app';
import { openApiDocument } from '../api-internal/operations';

/**
 * `npm run openapi`: writes the documents both gateways serve at `GET /openapi.json` into docs/openapi/, so they can
 * be read and diffed without running anything. A unit test fails when the committed files are stale.
 */

export const OPENAPI_DIR = join(__dirname, '..', 'docs', 'openapi');

/**
 * Operations close over their dependencies but only use them when a request is handled; writing the document
 * handles none, so each dependency here throws on any use, except those given as `usable`.
 */
const unusable = (name: string): unknown =>
  new Proxy(() => undefined, {
    get: () => {
      throw new Error(`writing the OpenAPI document used the dependency ${name}`);
    },
    apply: () => {
      throw new Error(`writing the OpenAPI document called the dependency ${name}`);
    },
  });
export const describeOnly = <T extends object>(usable: Partial<T> = {}): T =>
  new Proxy(usable as T, {
    get: (target, name) => (name in target ? target[name as keyof T] : unusable(String(name))),
  });

/** File name → the document's text, exactly as written. */
export function openApiFiles(): Record<string, string> {
  const text = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;
  return {
    'api-internal.json': text(openApiDocument(internalOperations(describeOnly<InternalAppDeps>()), API_INFO)),
    'api-external.json': text(externalOpenApiDocument()),
  };
}

if (require.main === module) {
  for (const [name, content] of Object.entries(openApiFiles())) {
    writeFileSync(join(OPENAPI_DIR, name), content);
    process.stdout.write(`wrote docs/openapi/${name}\n`);
  }
}
