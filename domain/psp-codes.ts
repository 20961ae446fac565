/** PSP codes as used in routes, configuration and the database. */
export const PSP_CODES = [
  'uzpaynet',
  'elecsnet',
  'tellcell',
  'city24',
  'tbc',
  'easypay',
  'mobilnik',
  'paystack',
  'qiwi_qvp',
  'qiwi_md',
  'idram',
  'qiwi',
] as const;

export type PspCode = (typeof PSP_CODES)[number];

export function isPspCode(value: string): value is PspCode {
  return (PSP_CODES as readonly string[]).includes(value);
}
