import { ApplicationFailure } from '@temporalio/activity';
import { notPayableReason, type DriverPayability } from '../application/driver-eligibility';
import type { PaymentDesk } from '../application/payment-desk';
import {
  PSP_REFUSAL,
  checkoutReference,
  type InvoiceInput,
  type InvoicePayment,
  type InvoiceStatus,
} from '../domain/invoice';
import type { PspCode } from '../domain/psp-codes';
import type { PaystackClient } from '../psp/paystack/client';
import type { BillAnswer, QiwiPullAccount, QiwiPullClient } from '../psp/qiwi/client';
import { resolveSettings as qiwiSettings } from '../psp/qiwi/settings';
import type { PayCommand } from '../psp/types';
import { createHeldInvoiceActivities } from './held-invoices';
import { invoiceReferences, type InvoiceRecord, type InvoiceStore } from '../storage/invoices';
import type { WalletStore } from '../storage/wallets';

export interface InvoiceDeps {
  invoices: InvoiceStore;
  wallets: Pick<WalletStore, 'get' | 'credentials'>;
  qiwi: QiwiPullClient;
  paystack: PaystackClient;
  desk: Pick<PaymentDesk, 'accept' | 'existing'>;
  /** Asked before money the PSP took becomes a payment: a driver who may not be paid is held for ops instead. */
  payable: DriverPayability;
}

/** What the PSP says of the bill now; `closed` is a final state without money (rejected, expired, unpaid). */
export type BillState =
  { kind: 'waiting' } | { kind: 'paid'; payment: InvoicePayment } | { kind: 'closed'; why: string };

const refusal = (message: string) => ApplicationFailure.nonRetryable(message, PSP_REFUSAL);
/** QIWI's pay form for a Pull API bill (not in the Pull API pages we have: assumed from QIWI's redirect convention). */
const qiwiPayUrl = (prvId: string, billId: string) =>
  `https://qiwi.com/order/external/main.action?shop=${encodeURIComponent(prvId)}&transaction=${encodeURIComponent(billId)}`;
/** Paystack requires an email; drivers have none in our records, so the checkout page asks the payer for it. */
const placeholderEmail = (i: InvoiceRecord) => `driver-${i.driverId.replace(/[^\w.-]/g, '_')}@fleet-pay.invalid`;

/** Activities of the invoice workflow: ids in, secrets loaded here from the wallet, never through history. */
export function createInvoiceActivities({ invoices, wallets, qiwi, paystack, desk, payable }: InvoiceDeps) {
  async function load(input: InvoiceInput) {
    const invoice = await invoices.get(input.parkId, input.invoiceId);
    if (!invoice) throw refusal('no such invoice');
    return invoice;
  }

  async function qiwiAccount(invoice: InvoiceRecord): Promise<QiwiPullAccount> {
    const wallet = await wallets.get(invoice.parkId, invoice.walletId);
    if (!wallet) throw refusal('the wallet is gone');
    const settings = qiwiSettings(wallet);
    const { apiId, apiPassword } = await wallets.credentials(invoice.parkId, invoice.walletId);
    const prvId = settings.ok ? settings.settings.prvId : undefined;
    if (!prvId || !apiId || !apiPassword) throw refusal('the wallet lacks prvId, apiId or apiPassword for QIWI bills');
    return { prvId, apiId, apiPassword };
  }

  async function paystackKey(invoice: InvoiceRecord): Promise<string> {
    const { secretKey } = await wallets.credentials(invoice.parkId, invoice.walletId);
    if (!secretKey) throw refusal('the wallet has no Paystack secretKey');
    return secretKey;
  }

  /** Transient result codes throw a retryable error; fatal ones end the invoice with QIWI's own words. */
  function settled(answer: BillAnswer): Extract<BillAnswer, { ok: true }> {
    if (answer.ok) return answer;
    const why = `QIWI ${answer.resultCode}: ${answer.description}`;
    if (answer.retryable) throw new Error(why);
    throw refusal(why);
  }

  async function qiwiState(invoice: InvoiceRecord): Promise<BillState> {
    const { bill } = settled(await qiwi.bill(await qiwiAccount(invoice), invoice.id));
    if (bill.status === 'paid')
      return {
        kind: 'paid',
        payment: { amountMinor: bill.amountMinor.toString(), currency: bill.currency, source: 'poll' },
      };
    return bill.status === 'waiting' ? { kind: 'waiting' } : { kind: 'closed', why: `QIWI bill ${bill.status}` };
  }

  /** Every checkout of the invoice is asked: the one whose answer was lost too, should it be paid after all. */
  async function paystackState(invoice: InvoiceRecord): Promise<BillState> {
    const key = await paystackKey(invoice);
    for (const reference of invoiceReferences(invoice)) {
      const answer = await paystack.verifyTransaction(key, reference);
      // Anything but success may still become success on the same checkout page: keep waiting.
      if (!answer.found || answer.transaction.status !== 'success') continue;
      const t = answer.transaction;
      const payment: InvoicePayment = { amountMinor: t.amountMinor.toString(), currency: t.currency, source: 'poll' };
      return { kind: 'paid', payment: reference === invoice.id ? payment : { ...payment, reference } };
    }
    return { kind: 'waiting' };
  }

  const initialize = async (key: string, invoice: InvoiceRecord, reference: string) =>
    paystack.initializeTransaction(key, {
      email: placeholderEmail(invoice),
      amountMinor: invoice.amountMinor,
      currency: invoice.currency,
      reference,
    });

  /**
   * Opens the invoice's checkout and answers its pay URL, or undefined when a checkout is found paid already (the
   * first poll credits it). Paystack refuses a reference it has seen, so a retry after a lost answer is refused: if
   * verify then knows the reference, the checkout is ours and nobody holds its URL, so a new one is opened under the
   * next `<id>.<n>`, recorded before Paystack is asked, so that every checkout Paystack holds is in our records.
   */
  async function openCheckout(invoice: InvoiceRecord): Promise<string | undefined> {
    const key = await paystackKey(invoice);
    const references = invoiceReferences(invoice);
    const latest = references.at(-1)!;
    const first = await initialize(key, invoice, latest);
    if (first.ok) return first.authorizationUrl;
    if (first.status !== 400 || !(await paystack.verifyTransaction(key, latest)).found)
      throw refusal(`Paystack ${first.status}: ${first.message}`);
    if ((await paystackState(invoice)).kind === 'paid') return undefined;
    const next = checkoutReference(invoice.id, references.length);
    await invoices.addCheckoutReference(invoice.parkId, invoice.id, next);
    const retried = await initialize(key, invoice, next);
    if (retried.ok) return retried.authorizationUrl;
    throw refusal(`Paystack ${retried.status}: ${retried.message}`);
  }

  /**
   * Through the payment desk under (wallet, PSP reference): every path that sees the same money makes one payment. A
   * payment made already (the driver was payable then) is joined; new money for a driver who may not be paid now
   * (fired, blocked, a balance in another currency) is refused, so the caller holds it for ops and nothing is credited.
   */
  async function accept(
    invoice: InvoiceRecord,
    reference: string,
    amountMinor: bigint,
    extra: Partial<PayCommand> = {},
  ) {
    const wallet = {
      id: invoice.walletId,
      parkId: invoice.parkId,
      psp: invoice.psp as PspCode,
      currency: invoice.currency,
      settings: {},
      credentials: {},
    };
    if (!(await desk.existing(wallet, reference))) {
      const verdict = await payable(wallet, invoice.driverId);
      if (!verdict.payable)
        return { kind: 'refused', reason: 'forbidden', message: notPayableReason(verdict) } as const;
    }
    return desk.accept(wallet, { kind: 'pay', pspTxnId: reference, account: invoice.driverId, amountMinor, ...extra });
  }

  const stateOf = (invoice: InvoiceRecord) => (invoice.psp === 'qiwi' ? qiwiState(invoice) : paystackState(invoice));

  return {
    ...createHeldInvoiceActivities({ invoices, billState: stateOf, accept }),

    /** Creates the bill (or finds the one an earlier attempt created) and records its pay URL. */
    async createBill(input: InvoiceInput): Promise<void> {
      const invoice = await load(input);
      if (invoice.status !== 'creating') return;
      let payUrl: string;
      if (invoice.psp === 'qiwi') {
        const account = await qiwiAccount(invoice);
        const created = await qiwi.createBill(account, invoice.id, {
          user: invoice.phone ?? '',
          amountMinor: invoice.amountMinor,
          currency: invoice.currency,
          comment: 'Driver balance top-up',
          lifetime: invoice.expiresAt,
        });
        // 215: an earlier attempt created it and its answer was lost; the bill is ours all the same.
        if (!created.ok && created.resultCode === 215) settled(await qiwi.bill(account, invoice.id));
        else settled(created);
        payUrl = qiwiPayUrl(account.prvId, invoice.id);
      } else {
        const opened = await openCheckout(invoice);
        if (opened === undefined) {
          await invoices.record(invoice.parkId, invoice.id, 'waiting', { reason: 'paid before its checkout answered' });
          return;
        }
        payUrl = opened;
      }
      await invoices.record(invoice.parkId, invoice.id, 'waiting', { payUrl });
    },

    async billState(input: InvoiceInput): Promise<BillState> {
      return stateOf(await load(input));
    },

    /**
     * Withdraws the bill at the PSP. QIWI 1419 (already paid) and a Paystack checkout found paid answer `paid`:
     * the caller credits instead. Paystack has no cancel: an unpaid checkout is simply left to lapse.
     */
    async rejectBill(input: InvoiceInput): Promise<'rejected' | 'paid'> {
      const invoice = await load(input);
      if (invoice.psp === 'paystack') return (await paystackState(invoice)).kind === 'paid' ? 'paid' : 'rejected';
      const answer = await qiwi.cancelBill(await qiwiAccount(invoice), invoice.id);
      if (!answer.ok && answer.resultCode === 1419) return 'paid';
      // 210: QIWI never made the bill; 78: it is final already (expired): either way nothing is left to withdraw.
      if (!answer.ok && (answer.resultCode === 210 || answer.resultCode === 78)) return 'rejected';
      settled(answer);
      return 'rejected';
    },

    /**
     * A payment the PSP reports: credited through the payment desk under (wallet, invoice id), so a notification and
     * a poll that both see it converge on one transaction and one credit. Another amount or currency is held.
     */
    async settleInvoice(input: InvoiceInput, payment: InvoicePayment): Promise<'paid' | 'held'> {
      const invoice = await load(input);
      // The payment's key is the reference that was paid, as the gateway's is for the same webhook: both converge.
      const reference =
        payment.reference && invoiceReferences(invoice).includes(payment.reference) ? payment.reference : invoice.id;
      const paid = { amountMinor: BigInt(payment.amountMinor), currency: payment.currency, reference };
      if (payment.amountMinor !== invoice.amountMinor.toString() || payment.currency !== invoice.currency) {
        const reason = `the PSP reports ${payment.amountMinor} ${payment.currency}, the invoice is for ${invoice.amountMinor} ${invoice.currency}`;
        const held = await invoices.record(invoice.parkId, invoice.id, 'held', { reason, paid });
        return held.status === 'paid' ? 'paid' : 'held';
      }
      const outcome = await accept(invoice, reference, invoice.amountMinor, {
        // A Paystack webhook is not proof of payment: its credit waits for verify, as the gateway's does.
        verifyWithPsp: payment.source === 'notification' && invoice.psp === 'paystack',
      });
      if (outcome.kind === 'refused') {
        await invoices.record(invoice.parkId, invoice.id, 'held', { reason: outcome.message, paid });
        return 'held';
      }
      await invoices.record(invoice.parkId, invoice.id, 'paid', { reason: `seen by ${payment.source}` });
      return 'paid';
    },

    async recordInvoice(input: InvoiceInput, status: InvoiceStatus, reason?: string): Promise<void> {
      await invoices.record(input.parkId, input.invoiceId, status, reason === undefined ? {} : { reason });
    },
  };
}

export type InvoiceActivities = ReturnType<typeof createInvoiceActivities>;
