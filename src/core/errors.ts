/** Base of every error this project raises on purpose; `cause` keeps the original. */
export class OnboardingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A setting is missing or wrong; the message names the key and what was expected. */
export class ConfigError extends OnboardingError {}

/** A document problem an uploader is told about in their language: a prompts/ template and its values. */
export type DocumentProblem = { code: 'html-too-deep'; values: { depth: number; max: number } };

/** A knowledge document cannot be read; names the file and, when known, the line. */
export class DocumentError extends OnboardingError {
  /** Set when the uploader should read the reason in Chinese (the admin API's `reason`). */
  readonly problem: DocumentProblem | undefined;

  constructor(
    readonly path: string,
    readonly line: number | undefined,
    message: string,
    options?: { cause?: unknown; problem?: DocumentProblem },
  ) {
    super(`${path}${line ? `:${line}` : ''}: ${message}`, options);
    this.problem = options?.problem;
  }
}

/** A template in prompts/ is missing or lacks a placeholder. */
export class TemplateError extends OnboardingError {}

/** A new ticket's id is already taken (ids are short and random); the caller draws another. */
export class TicketIdTaken extends OnboardingError {}

/** The index could not be built or loaded. */
export class IndexError extends OnboardingError {}

/**
 * An error meant for the person who sent the message: rendered as the reply, not logged
 * as a failure (unknown command, not allowed, message too long …).
 */
export class UserFacingError extends OnboardingError {}

/** The trained answer model is missing, malformed or made for other features. */
export class ModelError extends OnboardingError {}

/** A site could not be synced as asked (bad flag, unreadable state); the message says the fix. */
export class SyncError extends OnboardingError {}

/** A sync was asked for while another one (in this process or another) is still running. */
export class SyncBusyError extends SyncError {}

/**
 * Marks an error of a platform that refused a message for good (the Official Account's
 * 48-hour window, a WeCom member out of the app's range): retrying cannot help.
 */
export interface Undeliverable {
  readonly undeliverable: true;
}

export function isUndeliverable(err: unknown): err is Error & Undeliverable {
  return err instanceof Error && (err as Partial<Undeliverable>).undeliverable === true;
}
