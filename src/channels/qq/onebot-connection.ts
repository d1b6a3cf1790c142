import { WebSocket, type RawData } from 'ws';
import { OnboardingError } from '../../core/errors.js';
import type { Logger } from '../../logging/logger.js';
import { guardInput } from '../input-guard.js';
import { outgoingId, parseFrame, type MessageEvent, type MetaEvent, type Segment } from './onebot-protocol.js';

/** The framework answered an action with a failure (`status: 'failed'` or a non-zero retcode). */
export class OneBotActionError extends OnboardingError {
  constructor(
    readonly action: string,
    readonly retcode: number,
    detail: string,
  ) {
    super(`OneBot action ${action} failed with retcode ${retcode}${detail ? ` (${detail})` : ''}`);
  }
}

/** The framework did not answer an action in time. */
export class OneBotTimeoutError extends OnboardingError {
  constructor(
    readonly action: string,
    readonly timeoutMs: number,
  ) {
    super(
      `OneBot action ${action} got no response within ${timeoutMs} ms; ` +
        'check that the framework is logged in to QQ and that onebot.actionTimeoutMs is long enough',
    );
  }
}

/** The WebSocket closed before an action was sent or answered; the action may be retried on the next connection. */
export class OneBotConnectionClosedError extends OnboardingError {
  constructor(readonly action: string) {
    super(`the OneBot connection closed before ${action} was answered`);
  }
}

export interface OneBotConnectionOptions {
  /** For logs: `reverse` or `forward`. */
  mode: 'reverse' | 'forward';
  /** From `X-Self-ID` on reverse connections; learned from events on forward ones. */
  selfId?: string;
  log: Logger;
  actionTimeoutMs: number;
  onMessage(event: MessageEvent, connection: OneBotConnection): void;
  onClose(connection: OneBotConnection): void;
}

interface PendingAction {
  action: string;
  resolve(data: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

// A connection that misses this many heartbeats in a row is treated as dead (half-open TCP).
const MISSED_HEARTBEATS = 3;
const CLOSE_GRACE_MS = 2_000;

/**
 * One OneBot v11 Universal WebSocket: events come in, actions go out and are matched to their
 * responses by `echo`. The same class serves reverse and forward connections.
 */
export class OneBotConnection {
  private readonly pending = new Map<string, PendingAction>();
  private nextEcho = 0;
  private heartbeatIntervalMs: number | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private markClosed!: () => void;
  /** Resolves once the socket has closed and pending actions have been rejected. */
  readonly whenClosed = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });
  selfId: string | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: OneBotConnectionOptions,
  ) {
    this.selfId = options.selfId;
    socket.on('message', guardInput(options.log, 'onebot.frame', (data: RawData) => this.receive(data)));
    socket.on('error', (error) => options.log.warn({ mode: options.mode, err: error.message }, 'socket error'));
    socket.once('close', (code) => this.closed(code));
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  get mode(): 'reverse' | 'forward' {
    return this.options.mode;
  }

  /** Sends an action and resolves to its response's `data`. */
  call(action: string, params: Record<string, unknown>): Promise<unknown> {
    if (!this.isOpen) return Promise.reject(new OneBotConnectionClosedError(action));
    const timeoutMs = this.options.actionTimeoutMs;
    const echo = `ob-${++this.nextEcho}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(echo);
        reject(new OneBotTimeoutError(action, timeoutMs));
      }, timeoutMs);
      this.pending.set(echo, { action, resolve, reject, timer });
      this.socket.send(JSON.stringify({ action, params, echo }), (error) => {
        if (!error) return;
        this.settle(echo)?.reject(new OneBotConnectionClosedError(action));
      });
    });
  }

  async sendPrivateMessage(userId: string, message: Segment[]): Promise<unknown> {
    return this.call('send_private_msg', { user_id: outgoingId(userId), message });
  }

  async sendGroupMessage(groupId: string, message: Segment[]): Promise<unknown> {
    return this.call('send_group_msg', { group_id: outgoingId(groupId), message });
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
    // A peer that never answers the closing handshake must not hold up shutdown.
    this.closeTimer = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
  }

  private settle(echo: string): PendingAction | undefined {
    const entry = this.pending.get(echo);
    if (!entry) return undefined;
    this.pending.delete(echo);
    clearTimeout(entry.timer);
    return entry;
  }

  private receive(data: RawData): void {
    this.armHeartbeatWatch();
    const frame = parseFrame(data.toString());
    const { log, mode } = this.options;
    switch (frame.kind) {
      case 'response': {
        const { echo, status, retcode } = frame.response;
        const entry = typeof echo === 'string' ? this.settle(echo) : undefined;
        if (!entry) {
          log.debug({ mode }, 'response without a pending action');
          return;
        }
        if (status === 'failed' || retcode !== 0) {
          const detail = frame.response.wording ?? frame.response.message ?? '';
          entry.reject(new OneBotActionError(entry.action, retcode, detail));
        } else {
          entry.resolve(frame.response.data);
        }
        return;
      }
      case 'message':
        this.selfId ??= frame.event.self_id;
        this.options.onMessage(frame.event, this);
        return;
      case 'meta':
        this.meta(frame.event);
        return;
      case 'other':
        log.debug({ mode, postType: frame.postType }, 'event ignored');
        return;
      case 'invalid':
        log.warn({ mode, reason: frame.reason, issues: frame.issues }, 'invalid frame ignored');
        return;
    }
  }

  private meta(event: MetaEvent): void {
    this.selfId ??= event.self_id;
    if (event.meta_event_type === 'heartbeat') {
      const first = this.heartbeatIntervalMs === undefined;
      this.heartbeatIntervalMs = event.interval;
      if (first) this.armHeartbeatWatch();
      return;
    }
    this.options.log.info({ mode: this.options.mode, selfId: event.self_id, subType: event.sub_type }, 'lifecycle');
  }

  private armHeartbeatWatch(): void {
    if (this.heartbeatIntervalMs === undefined) return;
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(() => {
      this.options.log.warn({ mode: this.options.mode, selfId: this.selfId }, 'heartbeats stopped; dropping the connection');
      this.socket.terminate();
    }, this.heartbeatIntervalMs * MISSED_HEARTBEATS);
  }

  private closed(code: number): void {
    clearTimeout(this.heartbeatTimer);
    clearTimeout(this.closeTimer);
    for (const echo of [...this.pending.keys()]) {
      const entry = this.settle(echo);
      entry?.reject(new OneBotConnectionClosedError(entry.action));
    }
    this.options.log.info({ mode: this.options.mode, selfId: this.selfId, code }, 'disconnected');
    this.options.onClose(this);
    this.markClosed();
  }
}
