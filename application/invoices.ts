import { createHash, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import {
  BILL_READY_UPDATE,
  CANCEL_SIGNAL,
  INVOICE_PSPS,
  PAID_SIGNAL,
  PROGRESS_QUERY,
  QIWI_MAX_TTL_MS,
  invoiceWorkflowId,
  type InvoiceInput,
  type InvoicePayment,
  type InvoicePsp,
} from '../domain/invoice';
import { parseDecimalAmount } from '../domain/money';
import { NeighbourUnavailableError } from '../clients/errors';
import { credentialsStatus, type CredentialsStatus } from './credential-expiry';
import { notPayableReason, type DriverPayability, type NotPayable } from './driver-eligibility';
import type { Outcome, PayCommand, WalletContext } from '../psp/types';
import type {
  InvoiceCredit,
  InvoiceCursor,
  InvoiceEvent,
  InvoiceFilter,
  InvoiceRecord,
  InvoiceStore,
} from '../storage/invoices';
import type { WalletStore } from '../storage/wallets';
import type { invoice as invoiceWorkflow } from '../workflows/invoice';

export interface InvoiceTimings {
  ttlSeconds: number;
  pollInitialMs: number;
  pollMaxMs: number;
}

export interface InvoicesDeps {
  invoices: InvoiceStore;
  wallets: Pick<WalletStore, 'get'>;
  temporal: Client;
  taskQueue: string;
  timings: InvoiceTimings;
  /** Asked before a bill is issued and when a PSP reports it paid: a driver who may not be paid gets no money. */
  payable: DriverPayability;
}

export interface IssueRequest {
  parkId: string;
  driverId: string;
  idempotencyKey: string;
  walletId: string;
  /** Decimal string in major units, as the driver typed it. */
  amount: string;
  phone?: string;
  ttlSeconds?: number;
}

export type IssueResult =
  | { kind: 'issued'; invoice: CreditedInvoice; created: boolean }
  | { kind: 'not_found' }
  | { kind: 'invalid'; field: string; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'not_payable'; why: NotPayable; message: string }
  | { kind: 'unavailable'; message: string }
  | { kind: 'credentials_unusable'; status: CredentialsStatus; message: string };

/** An invoice with the payment it became, if any (`processed`: the driver's balance is credited). */
export type CreditedInvoice = InvoiceRecord & { credit: InvoiceCredit | null };

export interface InvoiceDetail {
  invoice: CreditedInvoice;
  /** The workflow's live `progress` query, or `{ unavailable }` naming why it could not be asked. */
  workflow: unknown;
  history: InvoiceEvent[];
}

/** How long the issuing request waits for the PSP's bill (and its pay URL) before answering with `creating`. */
const BILL_WAIT_MS = 8000;
const TEMPORAL_CALL_DEADLINE_MS = 4000;

/** Pro's invoices: issue (once per Idempotency-Key), read, list, cancel; and what PSP notifications learn from them. */
export function createInvoices({ invoices, wallets, temporal, taskQueue, timings, payable }: InvoicesDeps) {
  const inTime = <T>(ms: number, call: () => Promise<T>) => temporal.connection.withDeadline(Date.now() + ms, call);

  const input = (i: InvoiceRecord): InvoiceInput => ({
    parkId: i.parkId,
    walletId: i.walletId,
    invoiceId: i.id,
    pollInitialMs: timings.pollInitialMs,
    pollMaxMs: timings.pollMaxMs,
    expiresAt: i.expiresAt.toISOString(),
  });

  async function start(i: InvoiceRecord): Promise<void> {
    await inTime(TEMPORAL_CALL_DEADLINE_MS, () =>
      temporal.workflow.start<typeof invoiceWorkflow>('invoice', {
        taskQueue,
        workflowId: i.workflowId,
        args: [input(i)],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    ).catch((err: unknown) => {
      // Closed already (a repeat long after the invoice ended): the row tells the rest.
      if (!(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')) throw err;
    });
  }

  /** `paid` says the PSP took the money; the payment's state says whether billing has credited it yet. */
  async function withCredit(parkId: string, list: InvoiceRecord[]): Promise<CreditedInvoice[]> {
    const credits = await invoices.credits(parkId, list);
    return list.map((i) => ({ ...i, credit: credits.get(i.id) ?? null }));
  }

  /** Waits until the bill exists (or the invoice ended); a slow PSP leaves the answer `creating`, not an error. */
  async function billReady(i: InvoiceRecord): Promise<void> {
    try {
      await inTime(BILL_WAIT_MS, () =>
        temporal.workflow.getHandle(i.workflowId).executeUpdate(BILL_READY_UPDATE, { updateId: BILL_READY_UPDATE }),
      );
    } catch (err) {
      const slow =
        err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
        (err instanceof Error && /deadline/i.test(err.message));
      if (!slow && !(err instanceof WorkflowNotFoundError)) throw err;
    }
  }

  async function signal(i: InvoiceRecord, name: string, ...args: unknown[]): Promise<boolean> {
    try {
      await inTime(TEMPORAL_CALL_DEADLINE_MS, () => temporal.workflow.getHandle(i.workflowId).signal(name, ...args));
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  return {
    async issue(req: IssueRequest): Promise<IssueResult> {
      const wallet = await wallets.get(req.parkId, req.walletId);
      if (!wallet || !wallet.enabled) return { kind: 'not_found' };
      if (!(INVOICE_PSPS as readonly string[]).includes(wallet.psp))
        return { kind: 'invalid', field: 'walletId', message: `invoices are issued with ${INVOICE_PSPS.join(' or ')}` };
      const psp = wallet.psp as InvoicePsp;
      // A bill the PSP will refuse is no invoice: the park renews the credentials first (the reminders say how).
      const status = credentialsStatus(wallet.sealedCredentials, new Date());
      if (status === 'missing' || status === 'invalid' || status === 'expired') {
        return {
          kind: 'credentials_unusable',
          status,
          message: `the wallet's ${psp} credentials are ${status}: the park must renew them before invoices can be issued`,
        };
      }
      const amount = parseDecimalAmount(req.amount, wallet.currency);
      if (!amount.ok || amount.minor <= 0n)
        return { kind: 'invalid', field: 'amount', message: `a positive amount exact in ${wallet.currency}` };
      if (psp === 'qiwi' && !req.phone)
        return { kind: 'invalid', field: 'phone', message: "the payer's QIWI wallet phone is required" };
      const ttlMs = (req.ttlSeconds ?? timings.ttlSeconds) * 1000;
      if (psp === 'qiwi' && ttlMs > QIWI_MAX_TTL_MS)
        return { kind: 'invalid', field: 'ttlSeconds', message: 'QIWI bills live at most 45 days' };

      // A bill the driver may not be paid from is never issued: the payer's money would have nowhere to go. A repeat
      // of an issued one is still answered with it, whatever became of the driver since.
      if (!(await invoices.byIdempotencyKey(req.parkId, req.idempotencyKey))) {
        const verdict = await payable(wallet, req.driverId).catch((err: unknown) => {
          if (err instanceof NeighbourUnavailableError) return undefined;
          throw err;
        });
        if (!verdict) return { kind: 'unavailable', message: 'driver profiles did not answer: try again' };
        if (!verdict.payable) return { kind: 'not_payable', why: verdict.why, message: verdict.message };
      }

      const phone = psp === 'qiwi' ? `tel:${req.phone}` : null;
      const requestHash = createHash('sha256')
        .update(JSON.stringify([req.driverId, req.walletId, amount.minor.toString(), phone, req.ttlSeconds ?? null]))
        .digest('hex');
      const id = randomUUID();
      const { invoice, created } = await invoices.create({
        id,
        parkId: req.parkId,
        walletId: wallet.id,
        driverId: req.driverId,
        psp,
        amountMinor: amount.minor,
        currency: wallet.currency,
        phone,
        idempotencyKey: req.idempotencyKey,
        requestHash,
        expiresAt: new Date(Date.now() + ttlMs),
        workflowId: invoiceWorkflowId(wallet.id, id),
      });
      if (invoice.requestHash !== requestHash)
        return { kind: 'conflict', message: 'this Idempotency-Key was used for another invoice' };
      // Every repeat starts it too: an earlier attempt may have stopped between the row and Temporal.
      await start(invoice);
      await billReady(invoice);
      const [issued] = await withCredit(invoice.parkId, [(await invoices.get(invoice.parkId, invoice.id))!]);
      return { kind: 'issued', invoice: issued!, created };
    },

    async page(parkId: string, filter: InvoiceFilter, after: InvoiceCursor | null, limit: number) {
      const rows = await invoices.list(parkId, filter, after, limit + 1);
      return { items: await withCredit(parkId, rows.slice(0, limit)), more: rows.length > limit };
    },

    /** With `driverId`, another driver's invoice is not found (the Pro view). */
    async detail(parkId: string, id: string, driverId?: string): Promise<InvoiceDetail | null> {
      const invoice = await invoices.get(parkId, id);
      if (!invoice || (driverId !== undefined && invoice.driverId !== driverId)) return null;
      let workflow: unknown;
      try {
        workflow = await inTime(TEMPORAL_CALL_DEADLINE_MS, () =>
          temporal.workflow.getHandle(invoice.workflowId).query(PROGRESS_QUERY),
        );
      } catch (err) {
        workflow = { unavailable: err instanceof Error ? err.name : 'unknown' };
      }
      const [credited] = await withCredit(parkId, [invoice]);
      return { invoice: credited!, workflow, history: await invoices.events(parkId, id) };
    },

    /** Asks the workflow to withdraw the bill; the answer is the invoice as it stands (the workflow finishes it). */
    async cancel(parkId: string, id: string, driverId?: string): Promise<CreditedInvoice | null> {
      const invoice = await invoices.get(parkId, id);
      if (!invoice || (driverId !== undefined && invoice.driverId !== driverId)) return null;
      if (invoice.status === 'creating' || invoice.status === 'waiting') await signal(invoice, CANCEL_SIGNAL);
      return (await withCredit(parkId, [invoice]))[0]!;
    },

    /**
     * A PSP says our bill `cmd.pspTxnId` was paid: the payer is the invoice's driver, from our records only. A bill
     * we never issued on this wallet is refused; another amount is handed to the workflow (which holds it) and refused;
     * a driver who may not be paid is held and the notification acknowledged (`held`).
     */
    async notified(wallet: WalletContext, cmd: PayCommand): Promise<PayCommand | Outcome> {
      const invoice = await invoices.byWallet(wallet.id, cmd.pspTxnId);
      if (!invoice || invoice.parkId !== wallet.parkId)
        return { kind: 'refused', reason: 'unknown_payment', message: 'no invoice of ours has this bill id' };
      const payment: InvoicePayment = {
        amountMinor: cmd.amountMinor.toString(),
        currency: wallet.currency,
        source: 'notification',
        ...(cmd.pspTxnId !== invoice.id && { reference: cmd.pspTxnId }),
      };
      const running = await signal(invoice, PAID_SIGNAL, payment);
      if (cmd.amountMinor !== invoice.amountMinor || wallet.currency !== invoice.currency)
        return { kind: 'refused', reason: 'bad_amount', message: 'the amount is not the invoice amount' };
      // Ops own a held or settled invoice: a repeat, even once the driver may be paid again, credits nothing.
      if (invoice.status === 'held' || invoice.status === 'settled') return { kind: 'held' };
      // Money taken for a driver who may no longer be paid is held for ops; refusing the notification would not undo
      // it, only make the PSP repeat it. A running workflow holds it from the signal; an ended one is held here.
      if (invoice.status !== 'paid') {
        const verdict = await payable(wallet, invoice.driverId);
        if (!verdict.payable) {
          if (!running) {
            const paid = { amountMinor: cmd.amountMinor, currency: wallet.currency, reference: cmd.pspTxnId };
            await invoices.record(invoice.parkId, invoice.id, 'held', { reason: notPayableReason(verdict), paid });
          }
          return { kind: 'held' };
        }
      }
      // Paid after its workflow ended (expired, cancelled): the gateway still credits it, and the invoice says so.
      if (!running)
        await invoices.record(invoice.parkId, invoice.id, 'paid', { reason: 'notified after the invoice ended' });
      return { ...cmd, account: invoice.driverId };
    },
  };
}

export type Invoices = ReturnType<typeof createInvoices>;
