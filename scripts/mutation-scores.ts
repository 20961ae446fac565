import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `npm run test:mutation:scores`: the score table of docs/mutation-testing.md, per folder and for psp/ and domain/ as
 * wholes, from Stryker's JSON report (reports/mutation/mutation.json, written by every run, incremental results
 * included). Score = (killed + timed out) / (killed + timed out + survived + no coverage), as Stryker's "% score".
 */

type Status = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'Ignored' | 'CompileError' | 'RuntimeError';

interface Report {
  files: Record<string, { mutants: Array<{ status: Status }> }>;
}

const COLUMNS: Status[] = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'Ignored', 'CompileError'];

function tally(files: Array<Report['files'][string]>): Record<Status, number> {
  const counts = Object.fromEntries([...COLUMNS, 'RuntimeError'].map((s) => [s, 0])) as Record<Status, number>;
  for (const file of files) for (const m of file.mutants) counts[m.status]++;
  return counts;
}

function score(c: Record<Status, number>): string {
  const detected = c.Killed + c.Timeout;
  const valid = detected + c.Survived + c.NoCoverage;
  return valid === 0 ? 'n/a' : `**${((100 * detected) / valid).toFixed(2)}**`;
}

function main() {
  const path = process.argv[2] ?? join(__dirname, '..', 'reports', 'mutation', 'mutation.json');
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  const names = Object.keys(report.files).sort();
  // A folder per PSP, psp/shared, the files directly in psp/ (psp/*.ts), and domain/ (it has no subfolders).
  const groupOf = (file: string) =>
    file.split('/').length > 2 ? `${dirname(file)}/` : file.startsWith('psp/') ? 'psp/*.ts' : `${dirname(file)}/`;
  const groups = [...new Set(names.map(groupOf))];
  const row = (label: string, files: string[]) => {
    const c = tally(files.map((f) => report.files[f]!));
    return `| ${label} | ${COLUMNS.map((s) => c[s]).join(' | ')} | ${score(c)} |`;
  };
  const lines = [
    '| folder | killed | timeout | survived | no coverage | ignored (static) | compile errors | % score |',
    '|---|---|---|---|---|---|---|---|',
    ...groups.map((g) =>
      row(
        `\`${g}\``,
        names.filter((n) => groupOf(n) === g),
      ),
    ),
    row(
      '**`psp/` as a whole**',
      names.filter((n) => n.startsWith('psp/')),
    ),
    row(
      '**`domain/` as a whole**',
      names.filter((n) => n.startsWith('domain/')),
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
