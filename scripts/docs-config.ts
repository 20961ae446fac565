import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configSchema } from '../config';

/**
 * `npm run docs:config`: writes the README's configuration table from the one config schema, between the markers
 * below, so the README cannot list a variable the processes do not read, or miss one they do. A unit test fails
 * when the two differ.
 */

export const README = join(__dirname, '..', 'README.md');
const BEGIN = '<!-- config:begin (npm run docs:config writes this table from config/index.ts) -->';
const END = '<!-- config:end -->';

const code = (value: unknown) => `\`${Array.isArray(value) ? value.join(',') : String(value)}\``;

/** What a process gets when the variable is unset: the schema's default, nothing, or a refusal to start. */
function defaultOf(field: z.ZodType): string {
  const unset = field.safeParse(undefined);
  if (!unset.success) return 'required';
  const value = unset.data;
  return value === undefined || (Array.isArray(value) && value.length === 0) ? 'none' : code(value);
}

function meaningOf(name: string, field: z.ZodType): string {
  if (!field.description) throw new Error(`config/index.ts: ${name} has no .describe()`);
  const schema = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as { enum?: unknown[] };
  const values = (schema.enum ?? []).map(code);
  const choices =
    values.length === 0 ? '' : ` (${values.length === 2 ? values.join(' or ') : `one of ${values.join(', ')}`})`;
  return `${field.description}${choices}`.replaceAll('|', '\\|');
}

export function configTable(): string {
  const rows = Object.entries(configSchema.shape).map(
    ([name, field]) => `| \`${name}\` | ${defaultOf(field)} | ${meaningOf(name, field)} |`,
  );
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The README with its configuration table replaced by the schema's. */
export function withConfigTable(readme: string): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`README.md must hold the markers ${BEGIN} … ${END}`);
  return `${readme.slice(0, begin + BEGIN.length)}\n${configTable()}\n${readme.slice(end)}`;
}

if (require.main === module) {
  writeFileSync(README, withConfigTable(readFileSync(README, 'utf8')));
  process.stdout.write('wrote the configuration table of README.md\n');
}
