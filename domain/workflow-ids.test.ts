import { credentialRotationWorkflowId } from './credential-rotation';
import {
  INVOICE_PSPS,
  invoiceRedriveWorkflowId,
  invoiceSettlementWorkflowId,
  invoiceWorkflowId,
  OPEN_INVOICE_STATUSES,
  QIWI_MAX_TTL_MS,
} from './invoice';
import { redriveWorkflowId, settlementWorkflowId } from './payment-attention';
import { paymentIdempotencyKey, paymentWorkflowId, reversalIdempotencyKey, reversalWorkflowId } from './payment';
import { isPspCode, PSP_CODES } from './psp-codes';
import { walletBackfillWorkflowId, walletMirrorRepairWorkflowId, walletVerifyWorkflowId } from './wallet-migration';

// Workflow ids and idempotency keys are business keys stored in Temporal and at the neighbours: a changed spelling
// starts a second workflow or a second credit for a payment that already has one.
describe('business keys', () => {
  it('name the payment by wallet and PSP transaction id', () => {
    expect(paymentWorkflowId('w-1', '1234567')).toBe('payment:w-1:1234567');
    expect(reversalWorkflowId('w-1', '1234567')).toBe('reversal:w-1:1234567');
    expect(redriveWorkflowId('w-1', '1234567')).toBe('redrive:w-1:1234567');
    expect(settlementWorkflowId('w-1', '1234567')).toBe('settle:w-1:1234567');
  });

  it("derive the neighbours' idempotency keys from our transaction only", () => {
    const input = { parkId: 'park-1', transactionId: 'tx-9' };
    expect(paymentIdempotencyKey(input)).toBe('fleet-payment:park-1:tx-9');
    expect(reversalIdempotencyKey(input)).toBe('fleet-payment:park-1:tx-9:reversal');
  });

  it('name invoices, rotations and the migration runs by their targets', () => {
    expect(invoiceWorkflowId('w-1', 'inv-2')).toBe('invoice:w-1:inv-2');
    expect(invoiceRedriveWorkflowId('w-1', 'inv-2')).toBe('invoice-redrive:w-1:inv-2');
    expect(invoiceSettlementWorkflowId('w-1', 'inv-2')).toBe('invoice-settle:w-1:inv-2');
    expect(credentialRotationWorkflowId('k2')).toBe('credential-rotation:k2');
    expect(walletMirrorRepairWorkflowId('park-1', 'w-1')).toBe('walletMirrorRepair:park-1:w-1');
    expect(walletBackfillWorkflowId()).toBe('wallet-backfill:*');
    expect(walletBackfillWorkflowId('park-')).toBe('wallet-backfill:park-');
    expect(walletVerifyWorkflowId()).toBe('wallet-verify:*');
    expect(walletVerifyWorkflowId('')).toBe('wallet-verify:*');
    expect(walletVerifyWorkflowId('p7')).toBe('wallet-verify:p7');
  });
});

describe('codes and statuses', () => {
  it('knows the twelve PSP codes and nothing else', () => {
    expect(PSP_CODES).toHaveLength(12);
    for (const code of PSP_CODES) expect(isPspCode(code)).toBe(true);
    expect(isPspCode('QIWI')).toBe(false);
    expect(isPspCode('')).toBe(false);
  });

  it('issues invoices through QIWI and Paystack only, open while creating or waiting, QIWI bills 45 days at most', () => {
    expect([...INVOICE_PSPS]).toEqual(['qiwi', 'paystack']);
    expect(OPEN_INVOICE_STATUSES).toEqual(['creating', 'waiting']);
    expect(QIWI_MAX_TTL_MS).toBe(45 * 86_400_000);
  });
});
