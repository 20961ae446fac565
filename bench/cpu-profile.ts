import { readFileSync } from 'node:fs';

/**
 * Self time of a `node --cpu-prof` profile grouped by who spends it (Prisma, pg, pino, zod, undici fetch, Express, XML,
 * our code, GC), so a profile reads as shares of busy time instead of thousands of frames. Node's own internals and
 * native frames are charged to the nearest caller that is a library or our code (a socket write under pg is pg's);
 * only what no such caller reached (the HTTP server accepting and parsing requests) stays with Node.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const NODE = 'node (http server, net, streams)';
const NATIVE = 'V8 / native (program)';
const GROUPS: Array<[string, RegExp]> = [
  ['prisma (client + wasm compiler + adapter)', /@prisma|generated\/prisma|wasm:\/\//],
  ['pg driver', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-)/],
  ['pino (logging)', /node_modules\/(pino|fast-redact|sonic-boom|thread-stream|on-exit-leak-free)/],
  ['zod (validation)', /node_modules\/zod/],
  ['undici fetch (neighbour calls)', /node:internal\/deps\/undici|node_modules\/undici/],
  [
    'express / http framework',
    /node_modules\/(express|router|body-parser|raw-body|finalhandler|send|qs|path-to-regexp|on-finished|type-is|mime|content-type|accepts|negotiator|depd)/,
  ],
  ['fast-xml-parser (XML)', /node_modules\/(fast-xml-parser|strnum)/],
  ['prom-client (metrics)', /node_modules\/prom-client/],
  ['temporal client', /node_modules\/@temporalio|node_modules\/@grpc|protobufjs/],
  ['tsx (loader)', /node_modules\/(tsx|esbuild|get-tsconfig)/],
  ['our neighbour HTTP client (clients/)', /^file:\/\/.*\/clients\//],
  ['our code', /^file:\/\/.*\/(api-external|application|storage|clients|psp|domain|system|config)\//],
  [NODE, /^node:/],
];

/** `skipMs`: samples of the process's first milliseconds (start-up, module loading, warm-up) are left out. */
export function groupSelfTime(path: string, skipMs = 0): Array<{ group: string; ms: number; share: number }> {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const blame = (id: number): string => {
    const own = groupOf(byId.get(id)!);
    if (own !== NODE && own !== NATIVE) return own;
    for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
      const g = groupOf(byId.get(up)!);
      if (g !== NODE && g !== NATIVE && g !== 'other') return g;
    }
    return own;
  };
  const totals = new Map<string, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += (profile.timeDeltas[i] ?? 0) / 1000;
    if (at < skipMs) return;
    const group = blame(id);
    totals.set(group, (totals.get(group) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const idle = totals.get('(idle)') ?? 0;
  const busy = [...totals.values()].reduce((a, b) => a + b, 0) - idle;
  return [...totals.entries()]
    .filter(([g]) => g !== '(idle)')
    .map(([group, ms]) => ({ group, ms, share: ms / busy }))
    .sort((a, b) => b.ms - a.ms);
}

function groupOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)')
    return functionName === '(idle)' ? '(idle)' : functionName === '(program)' ? NATIVE : 'GC';
  for (const [group, test] of GROUPS) if (test.test(url)) return group;
  return url ? 'other' : NATIVE;
}

if (require.main === module) {
  const skipMs = Number(process.env.SKIP_MS ?? 0);
  for (const path of process.argv.slice(2)) {
    console.log(path);
    for (const { group, ms, share } of groupSelfTime(path, skipMs))
      console.log(`  ${group.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms  ${(share * 100).toFixed(1).padStart(5)} %`);
  }
}
