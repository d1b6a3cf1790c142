import type { MessageHandler } from '../../core/ports.js';
import { CallbackAnswerer, type CallbackAnswererOptions } from './answer-callback.js';

/**
 * The running state both Tencent callback channels (WeCom, the Official Account) keep:
 * callbacks are taken while running, and sends work until a stop has let the answers in hand
 * go out. A start that comes while a stop is still letting them out waits for it, so the stop
 * cannot close what the start opened.
 */
export class CallbackLifecycle {
  private answerer: CallbackAnswerer | undefined;
  private stopping: Promise<void> | undefined;
  private closed = true;

  constructor(private readonly options: Omit<CallbackAnswererOptions, 'handler'>) {}

  /** The answerer while running; undefined before start and from the moment a stop begins. */
  get taking(): CallbackAnswerer | undefined {
    return this.answerer;
  }

  /** True before the first start, and again once a stop has let the answers in hand go out. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Starts taking callbacks for `handler`; false when it already was. */
  async start(handler: MessageHandler): Promise<boolean> {
    await this.stopping;
    if (this.answerer) return false;
    this.answerer = new CallbackAnswerer({ ...this.options, handler });
    this.closed = false;
    return true;
  }

  /** Refuses new callbacks, lets the answers in hand go out, then closes sending; false when not running. */
  async stop(): Promise<boolean> {
    const answerer = this.answerer;
    if (!answerer) {
      await this.stopping;
      return false;
    }
    this.answerer = undefined;
    this.stopping = answerer.stop().finally(() => {
      this.closed = true;
      this.stopping = undefined;
    });
    await this.stopping;
    return true;
  }
}
