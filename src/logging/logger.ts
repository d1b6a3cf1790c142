import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

// Mainland phone numbers (mobile and landline) and resident ID numbers: never logged in clear.
const PHONE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3}-?)\d{4}(\d{3,4})(?!\d)/g;
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])/g;

/** Masks phone and ID numbers inside free text, so questions can be logged safely. */
function maskPersonalNumbers(text: string): string {
  return text
    .replace(ID_NUMBER, '$1**********$2')
    .replace(PHONE, '$1****$2')
    .replace(LANDLINE, '$1****$2');
}

const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'accessToken',
  '*.accessToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'phone',
  '*.phone',
  'idNumber',
  '*.idNumber',
  // The WeCom group robot's address carries its key.
  'webhookUrl',
  '*.webhookUrl',
];

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
}

/** The one logger of the process; modules take `log.child({ module })`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: {
        log(object) {
          // Free-text fields may carry numbers a person typed; mask them before they leave.
          for (const key of ['text', 'question', 'answer'] as const) {
            const value = object[key];
            if (typeof value === 'string') object[key] = maskPersonalNumbers(value);
          }
          return object;
        },
      },
    },
    options.destination,
  );
}

/** A logger that drops everything, for tests and library users who pass none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
