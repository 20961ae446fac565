/** The PSP API stand-ins' control calls (the payer's side, seeded accounts, lost answers), shared by tests and scripts. */
async function post(baseUrl: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${baseUrl}/_control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST /_control${path} → ${res.status}`);
}

export interface QiwiPullAccountSeed {
  prv_id: string;
  api_id: string;
  api_password: string;
}

/** QIWI's Pull API stand-in: the merchant account whose API credentials it accepts. */
export const seedQiwiAccount = (qiwiUrl: string, account: QiwiPullAccountSeed) => post(qiwiUrl, '/accounts', account);

/** The payer pays (or QIWI rejects, or lets lapse) one of our bills. */
export const setQiwiBillStatus = (
  qiwiUrl: string,
  bill: { prv_id: string; bill_id: string; status: 'waiting' | 'paid' | 'rejected' | 'unpaid' | 'expired' },
) => post(qiwiUrl, '/bills/status', bill);

/** The payer pays (or fails) a Paystack checkout our initialize opened; `amount` lets a test pay another sum. */
export const payPaystackCheckout = (
  paystackUrl: string,
  checkout: { reference: string; amount?: number; status?: 'success' | 'failed' | 'abandoned' | 'reversed' },
) => post(paystackUrl, '/transactions/pay', checkout);

/** The next `times` Paystack initializes open their checkout, then drop the connection: the answer is lost. */
export const losePaystackInitializeAnswers = (paystackUrl: string, times: number) =>
  post(paystackUrl, '/initialize/lose-answers', { times });
