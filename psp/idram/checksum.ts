import { createHash, timingSafeEqual } from 'node:crypto';

/** The confirmation fields EDP_CHECKSUM covers, in the documented order, with SECRET_KEY third. */
export interface ChecksumParts {
  recAccount: string;
  amount: string;
  secretKey: string;
  billNo: string;
  payerAccount: string;
  transId: string;
  transDate: string;
}

/** MD5(REC_ACCOUNT:AMOUNT:SECRET_KEY:BILL_NO:PAYER_ACCOUNT:TRANS_ID:TRANS_DATE), lower-case hex. */
export function idramChecksum(p: ChecksumParts): string {
  const text = [p.recAccount, p.amount, p.secretKey, p.billNo, p.payerAccount, p.transId, p.transDate].join(':');
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** Idram's hex may come in either case: both sides are compared as the 16 digest bytes, in constant time. */
export function checksumMatches(received: string, parts: ChecksumParts): boolean {
  if (!/^[0-9a-fA-F]{32}$/.test(received)) return false;
  return timingSafeEqual(Buffer.from(received, 'hex'), Buffer.from(idramChecksum(parts), 'hex'));
}
