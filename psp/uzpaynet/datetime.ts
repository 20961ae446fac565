const XS_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,12}))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * xs:dateTime as Paynet sends it (`2024-03-25T14:05:09.123+05:00`). Fractions beyond milliseconds are cut, as
 * implementations do; a value without a zone is read in the wallet's local offset (Tashkent, +05:00, by default).
 */
export function parseXsDateTime(text: string, localOffsetMinutes: number): Date | undefined {
  const m = XS_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offset = m[8] === undefined ? localOffsetMinutes : zoneMinutes(m[8]);
  // Below 2000 is no Paynet payment, and Date.UTC would read years 0–99 as 1900–1999.
  if (offset === undefined || year < 2000 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59)
    return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 31 April over to 1 May; a changed day means the date does not exist.
  if (new Date(local).getUTCDate() !== day) return undefined;
  return new Date(local - offset * 60_000);
}

function zoneMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/** `2024-03-25T14:05:09.123+05:00`: milliseconds and the wallet's offset, as Paynet writes dates (README). */
export function formatXsDateTime(at: Date, offsetMinutes: number): string {
  const shifted = new Date(at.getTime() + offsetMinutes * 60_000);
  // A date outside 0000–9999 has no xs:dateTime form of this shape; such a value is our bug, not worth a throw.
  const local = (Number.isFinite(shifted.getTime()) ? shifted : new Date(0)).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
