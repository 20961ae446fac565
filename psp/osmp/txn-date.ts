const OSMP_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** `YYYYMMDDHHMMSS` carries no zone: it is the provider's local time, given here as a fixed offset from UTC. */
export function parseOsmpDate(text: string, utcOffsetMinutes: number): Date | undefined {
  const fields = OSMP_DATE.exec(text)?.slice(1).map(Number);
  if (!fields) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  // Below 2000 is no OSMP payment, and Date.UTC would read years 0–99 as 1900–1999.
  if (year < 2000 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 April over to 1 May; a changed day means the date does not exist.
  if (new Date(local).getUTCDate() !== day) return undefined;
  return new Date(local - utcOffsetMinutes * 60_000);
}
