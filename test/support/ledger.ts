import type { Harness } from '../../testkit/harness';
import { standInState } from '../../testkit/neighbours';

/**
 * A driver's whole ledger as the neighbours hold it: every credit and reversal billing applied to the driver and
 * every record fleet-transactions holds for them, whatever idempotency key they came under. A test that counts only
 * under the key it expects the code to use cannot see a second credit made under another key.
 */

type Neighbours = Pick<Harness, 'billingUrl' | 'fleetTransactionsUrl'>;

interface BillingState {
  credits: Array<{
    park_id: string;
    driver_id: string;
    idempotency_key: string;
    amount_minor: string;
    credit_id: string;
  }>;
  reversals: Array<{ credit_idempotency_key: string; reversal_id: string }>;
}
interface FleetState {
  records: Array<{ park_id: string; driver_id: string; category: string; amount_minor: string; id: string }>;
}

export interface LedgerSnapshot {
  creditIds: string[];
  reversalIds: string[];
  recordIds: string[];
  reversalRecordIds: string[];
  balance: bigint;
}

export interface ExpectedLedger {
  /** Credits billing applied to the driver. */
  credits: number;
  /** Top-up records (`partner_service_payment`) fleet-transactions holds for the driver. */
  records: number;
  /** Reversals of the driver's credits in billing, and as many reversal records in fleet-transactions. */
  reversals: number;
  /** The driver's balance in billing, in minor units. */
  balance: bigint;
}

async function balanceOf(billingUrl: string, parkId: string, driverId: string): Promise<bigint> {
  const res = await fetch(
    `${billingUrl}/_control/balances/${encodeURIComponent(parkId)}/${encodeURIComponent(driverId)}`,
  );
  if (!res.ok) throw new Error(`billing has no account for ${driverId} in ${parkId}: ${res.status}`);
  return BigInt(((await res.json()) as { balance_minor: string }).balance_minor);
}

export async function ledgerOf(h: Neighbours, parkId: string, driverId: string): Promise<LedgerSnapshot> {
  const billing = await standInState<BillingState>(h.billingUrl);
  const fleet = await standInState<FleetState>(h.fleetTransactionsUrl);
  const credits = billing.credits.filter((c) => c.park_id === parkId && c.driver_id === driverId);
  const creditKeys = new Set(credits.map((c) => c.idempotency_key));
  const records = fleet.records.filter((r) => r.park_id === parkId && r.driver_id === driverId);
  return {
    creditIds: credits.map((c) => c.credit_id),
    reversalIds: billing.reversals.filter((r) => creditKeys.has(r.credit_idempotency_key)).map((r) => r.reversal_id),
    recordIds: records.filter((r) => r.category === 'partner_service_payment').map((r) => r.id),
    reversalRecordIds: records.filter((r) => r.category === 'partner_service_payment_reversal').map((r) => r.id),
    balance: await balanceOf(h.billingUrl, parkId, driverId),
  };
}

/**
 * Asserts the driver's whole ledger, or (with `since`) what changed in it after that snapshot: for tests whose
 * driver carries earlier payments.
 */
export async function expectLedger(
  h: Neighbours,
  parkId: string,
  driverId: string,
  expected: ExpectedLedger,
  since?: LedgerSnapshot,
): Promise<void> {
  const now = await ledgerOf(h, parkId, driverId);
  const added = (ids: string[], before: string[] = []) => ids.filter((id) => !before.includes(id)).length;
  expect({
    credits: added(now.creditIds, since?.creditIds),
    records: added(now.recordIds, since?.recordIds),
    reversals: added(now.reversalIds, since?.reversalIds),
    reversalRecords: added(now.reversalRecordIds, since?.reversalRecordIds),
    balance: now.balance - (since?.balance ?? 0n),
  }).toEqual({ ...expected, reversalRecords: expected.reversals });
}
