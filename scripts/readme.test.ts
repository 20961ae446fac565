import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { README, withConfigTable } from './docs-config';

const readme = () => readFileSync(README, 'utf8');
const root = join(__dirname, '..');
/** Folders that are not the project's own: installed or generated (.gitignore). */
const NOT_OURS = new Set(['node_modules', 'generated', 'dist', 'coverage', 'tmp']);

describe('README', () => {
  it('lists the configuration exactly as the schema defines it', () => {
    const stale =
      readme() === withConfigTable(readme()) ? [] : ['the configuration table is stale: run npm run docs:config'];
    expect(stale).toEqual([]);
  });

  it('lays out every top-level folder, and only folders that exist', () => {
    const layout =
      readme()
        .slice(readme().indexOf('## Layout'))
        .split(/^## (?!Layout)/m)[0] ?? '';
    const listed = [...layout.matchAll(/^\| `([\w.-]+)\/` \|/gm)].map((m) => m[1]);
    const folders = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !NOT_OURS.has(e.name))
      .map((e) => e.name);
    expect([...listed].sort()).toEqual([...folders].sort());
  });
});
