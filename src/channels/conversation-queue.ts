import type { Logger } from '../logging/logger.js';

/** What a log line about a failed message names: its conversation and ids. */
export type MessageContext = Record<string, unknown>;

/** What a channel does when handling one message failed; it must not throw. */
export type ErrorBoundary = (err: unknown, context: MessageContext) => void;

/** The boundary most channels want: the failure is logged with the message's ids, and the chat goes on. */
export function logFailures(log: Logger): ErrorBoundary {
  return (err, context) => log.error({ err, ...context }, 'message not handled');
}

/**
 * Handles one conversation's messages one after another, so replies keep the order of the
 * questions, while different conversations go side by side. It is also the error boundary of
 * each message: a task that throws goes to `onError` and the conversation's next message
 * still runs.
 */
export class ConversationQueue {
  /** Per conversation, the tail of its queue; dropped once the conversation is idle. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onError: ErrorBoundary) {}

  push(key: string, task: () => Promise<void>, context: MessageContext = {}): void {
    const run = async () => {
      try {
        await task();
      } catch (err) {
        this.onError(err, context);
      }
    };
    const tail = (this.tails.get(key) ?? Promise.resolve()).then(run);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
  }

  /** Settles once every task pushed so far has run. */
  async idle(): Promise<void> {
    await Promise.all(this.tails.values());
  }
}
