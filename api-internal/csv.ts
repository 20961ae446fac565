import type { Response } from 'express';

/**
 * RFC 4180 fields: quoted when they hold a comma, a quote, CR or LF (quotes doubled). Text that came from outside
 * (PSP ids, names, reasons) and starts like a spreadsheet formula gets a leading `'`, so opening the export in a
 * spreadsheet never evaluates it.
 */
export function csvField(value: string | null | undefined, opts: { untrusted?: boolean } = {}): string {
  let text = value ?? '';
  if (opts.untrusted && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: string[]) => `${fields.join(',')}\r\n`;

/** Resolves when the response wants more (or is gone): the writer never runs ahead of the client. */
export function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
