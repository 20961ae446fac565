import type { Client } from '@temporalio/client';
import type {
  ExportRow,
  TransactionCursor,
  TransactionEvent,
  TransactionFilter,
  TransactionRecord,
  TransactionStore,
} from '../storage/transactions';
import type { WalletStore } from '../storage/wallets';

export interface TransactionPage {
  items: TransactionRecord[];
  /** Whether rows follow the last item: the caller hands out a cursor only then. */
  more: boolean;
}

export interface TransactionDetail {
  transaction: TransactionRecord;
  /** The PaymentWorkflow's live `status` query, or `{ unavailable }` naming why it could not be asked. */
  workflow: unknown;
  history: TransactionEvent[];
}

export interface TransactionExport {
  walletNames: Map<string, string>;
  /** Keyset pages as text, each read while the consumer writes the one before: at most two pages in memory. */
  pages: AsyncIterable<ExportRow[]>;
}

/** A park's transactions (read side). Every query names the park first, so Postgres reads one partition. */
export interface Transactions {
  page(
    parkId: string,
    filter: TransactionFilter,
    after: TransactionCursor | null,
    limit: number,
  ): Promise<TransactionPage>;
  /** With `driverId`, a transaction of another driver is not found (the Pro view). */
  detail(parkId: string, id: bigint, driverId?: string): Promise<TransactionDetail | null>;
  export(parkId: string, filter: TransactionFilter): Promise<TransactionExport>;
}

export interface TransactionDeps {
  transactions: TransactionStore;
  wallets: Pick<WalletStore, 'list'>;
  temporal: Client;
}

const EXPORT_PAGE = 1000;

export function createTransactions({ transactions, wallets, temporal }: TransactionDeps): Transactions {
  async function* pages(parkId: string, filter: TransactionFilter) {
    const read = (after: ExportRow | null) => {
      const page = transactions.exportPage(parkId, filter, after, EXPORT_PAGE);
      // A consumer that stops early (client gone) never awaits the page read ahead: its failure is nobody's.
      page.catch(() => undefined);
      return page;
    };
    let next: Promise<ExportRow[]> | null = read(null);
    while (next) {
      const rows: ExportRow[] = await next;
      next = rows.length < EXPORT_PAGE ? null : read(rows.at(-1)!);
      yield rows;
    }
  }

  return {
    async page(parkId, filter, after, limit) {
      const rows = await transactions.list(parkId, filter, after, limit + 1);
      return { items: rows.slice(0, limit), more: rows.length > limit };
    },
    async detail(parkId, id, driverId) {
      const transaction = await transactions.get(parkId, id);
      if (!transaction || (driverId !== undefined && transaction.driverId !== driverId)) return null;
      let workflow: unknown;
      try {
        workflow = await temporal.workflow.getHandle(transaction.workflowId).query('status');
      } catch (err) {
        workflow = { unavailable: err instanceof Error ? err.name : 'unknown' };
      }
      const history = await transactions.events(transaction.parkId, transaction.id);
      return { transaction, workflow, history };
    },
    async export(parkId, filter) {
      const walletNames = new Map((await wallets.list(parkId)).map((w) => [w.id, w.name]));
      return { walletNames, pages: pages(parkId, filter) };
    },
  };
}
