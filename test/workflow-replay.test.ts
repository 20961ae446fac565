import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import * as workflows from '../workflows';
import { historyFromJson } from './support/history-json';
import { workflowBundle } from '../testkit/workflow-bundle';

// Histories recorded from real runs (scripts/record-histories.ts) replayed against today's workflow code: a change that
// would break workflows already running in production (reordered or added activity calls, a changed Update handler,
// a timer moved) fails here, naming the history, instead of failing those workflows after a deploy.
const dir = join(__dirname, 'histories');
// Each replay worker logs its life cycle at INFO; only trouble is worth reading.
Runtime.install({ logger: new DefaultLogger('WARN') });
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

it('has a recorded history of every workflow kind', () => {
  const kinds = files.map(
    (f) =>
      (JSON.parse(readFileSync(join(dir, f), 'utf8')) as RecordedHistory).events[0]
        ?.workflowExecutionStartedEventAttributes.workflowType.name,
  );
  // Every workflow the workers register: a new kind needs a recorded history before it can ship.
  expect(new Set(kinds)).toEqual(new Set(Object.keys(workflows)));
});

it('replays every recorded history deterministically against the current workflows bundle', async () => {
  const histories = files.map((file) => ({
    workflowId: file.replace(/\.json$/, ''),
    history: historyFromJson(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
  }));
  const broken: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
    replayed += 1;
    if (result.error) broken.push(`test/histories/${result.workflowId}.json: ${result.error.message}`);
  }
  // Re-record with `npm run histories:record` only when no execution of the old code can still be running.
  expect(broken).toEqual([]);
  expect(replayed).toBe(files.length);
});

interface RecordedHistory {
  events: Array<{ workflowExecutionStartedEventAttributes: { workflowType: { name: string } } }>;
}
