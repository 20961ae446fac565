const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,7})?$/;

/** EasySoft's `YYYY-MM-DDThh:mm:ss`, zone-less: wall-clock time in `timeZone` (Kyiv by default, with its DST). */
export function formatLocal(date: Date, timeZone: string): string {
  const at = date.getTime();
  // An answer must never throw: a date beyond what Date can shift is rendered empty.
  const local = Number.isFinite(at) ? new Date(at + offsetMs(at, timeZone)) : undefined;
  return local && Number.isFinite(local.getTime()) ? local.toISOString().slice(0, 19) : '';
}

export function parseLocal(text: string, timeZone: string): Date | undefined {
  const fields = LOCAL_DATE_TIME.exec(text)?.slice(1, 7).map(Number);
  if (!fields) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  // Below 2000 is no EasyPay payment, and Date.UTC would read years 0–99 as 1900–1999.
  if (year < 2000 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(local).getUTCDate() !== day) return undefined;
  // The offset at the guessed instant, then at the corrected one: right on both sides of a DST switch.
  const guess = local - offsetMs(local, timeZone);
  return new Date(local - offsetMs(guess, timeZone));
}

function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wall - Math.floor(at / 1000) * 1000;
}
