import { ApplicationFailure } from '@temporalio/activity';
import {
  PSP_REFUSAL,
  type InvoiceRedriveInput,
  type InvoiceRedriveResult,
  type InvoiceSettleResult,
  type InvoiceSettlementInput,
} from '../domain/invoice';
import type { Outcome } from '../psp/types';
import type { InvoiceRecord, InvoiceStore } from '../storage/invoices';
import type { BillState } from './invoice';

export interface HeldInvoiceDeps {
  invoices: InvoiceStore;
  /** What the PSP says of the invoice's checkouts now. */
  billState(invoice: InvoiceRecord): Promise<BillState>;
  /** Through the payment desk under (wallet, PSP reference), like every paid invoice. */
  accept(invoice: InvoiceRecord, reference: string, amountMinor: bigint): Promise<Outcome>;
}

const pspRefusal = (err: unknown): string | undefined =>
  err instanceof ApplicationFailure && err.type === PSP_REFUSAL ? err.message : undefined;

/**
 * Ops' two ways out for a held invoice. A re-drive credits what the PSP reports paid now, and only when that is what
 * ops confirmed: a PSP that says otherwise (or nothing paid) leaves the invoice held. Every step is idempotent (the
 * claim, the desk's key, the move to `paid`), so a retried activity or a second request credits nothing more.
 */
export function createHeldInvoiceActivities({ invoices, billState, accept }: HeldInvoiceDeps) {
  return {
    async redriveHeldInvoice(input: InvoiceRedriveInput): Promise<InvoiceRedriveResult> {
      const invoice = await invoices.get(input.parkId, input.invoiceId);
      if (invoice?.status === 'paid' && invoice.attentionAction === 'redrive') return { kind: 'credited' };
      if (!invoice || !(await invoices.claimRedrive(input.parkId, input.invoiceId))) return { kind: 'not_open' };
      const refuse = async (reason: string): Promise<InvoiceRedriveResult> => {
        await invoices.redriveRefused(input.parkId, input.invoiceId, reason);
        return { kind: 'refused', reason };
      };
      let state: BillState;
      try {
        state = await billState(invoice);
      } catch (err) {
        const refused = pspRefusal(err);
        if (refused === undefined) throw err;
        return refuse(refused);
      }
      if (state.kind !== 'paid') return refuse(`the PSP does not report it paid (${state.kind})`);
      const { amountMinor, currency, reference } = state.payment;
      if (amountMinor !== input.amountMinor || currency !== input.currency)
        return refuse(
          `the PSP reports ${amountMinor} ${currency}, ops confirmed ${input.amountMinor} ${input.currency}`,
        );
      if (currency !== invoice.currency)
        return refuse(`the PSP took ${currency}, the wallet credits ${invoice.currency}: settle it instead`);
      const outcome = await accept(invoice, reference ?? invoice.id, BigInt(amountMinor));
      if (outcome.kind === 'refused') return refuse(outcome.message);
      await invoices.redriven(
        input.parkId,
        input.invoiceId,
        `crediting ${amountMinor} ${currency}, what the PSP reports`,
      );
      return { kind: 'credited' };
    },

    settleHeldInvoice: ({ parkId, invoiceId, note }: InvoiceSettlementInput): Promise<InvoiceSettleResult> =>
      invoices.settle(parkId, invoiceId, note),
  };
}
