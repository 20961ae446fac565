import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const workflowsDir = join(__dirname, '..', 'workflows');
/** Workflows import the payment contract from domain/: a change there is a new bundle too. */
const bundledDirs = [workflowsDir, join(__dirname, '..', 'domain')];

/** Bundling takes seconds; test files share one bundle per version of workflows/ through a file in tmp. */
export async function workflowBundle(): Promise<{ codePath: string }> {
  const hash = createHash('sha256');
  for (const dir of bundledDirs)
    for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  const codePath = join(tmpdir(), `fleet-workflows-${hash.digest('hex').slice(0, 16)}.js`);
  if (!existsSync(codePath)) {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve(workflowsDir), logger: quiet });
    writeFileSync(codePath, code);
  }
  return { codePath };
}

const noop = () => undefined;
const quiet = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
