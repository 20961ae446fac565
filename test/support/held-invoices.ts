import type { InvoiceProgress } from '../../domain/invoice';
import type { Harness } from '../../testkit/harness';

/**
 * The invoice once its workflow has finished: its final progress and row. Waiting for the end, not for a status, is
 * what lets a test say "never credited": nothing that could still credit the invoice is left running.
 */
export async function invoiceOutcome(h: Harness, parkId: string, id: string, timeoutMs = 60_000) {
  const find = () => h.sys.db.invoice.findUniqueOrThrow({ where: { parkId_id: { parkId, id } } });
  const handle = h.sys.temporal.workflow.getHandle((await find()).workflowId);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`invoice ${id} still running after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const progress = (await Promise.race([handle.result(), late])) as InvoiceProgress;
    return { progress, invoice: await find() };
  } finally {
    clearTimeout(timer);
  }
}

/** The park's needs-attention entry for the invoice, as its dispatcher sees it. */
export async function attentionEntry(h: Harness, parkId: string, id: string) {
  const list = await h.api('GET', `/v1/parks/${parkId}/payments?attention=true&limit=500`);
  expect(list.status).toBe(200);
  return (list.body.items as Array<{ kind: string; id: string }>).find((i) => i.kind === 'invoice' && i.id === id);
}
