import pino, { type Logger } from 'pino';

/** Secrets must never reach a log line; the redaction is a net under the rule that code does not log them. */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        '*.token',
        '*.secret',
        '*.password',
        '*.credentials',
        '*.authorization',
        'token',
        'secret',
        'password',
        'credentials',
        'url',
      ],
      censor: '[redacted]',
    },
  });
}
