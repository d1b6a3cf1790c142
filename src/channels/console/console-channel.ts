import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Reply } from '../../core/types.js';
import type { MessageHandler } from '../../core/ports.js';
import type { Channel } from '../channel.js';
import { ConversationQueue } from '../conversation-queue.js';

export interface ConsoleChannelOptions {
  input?: Readable;
  output?: Writable;
  /** The person at the terminal; `console:local` in admin and secretary lists. */
  userId?: string;
}

/** A terminal chat with the bot, for trying it out and for an operator at the server. */
export class ConsoleChannel implements Channel {
  readonly name = 'console';
  private rl: Interface | undefined;
  private markEnded: () => void = () => undefined;
  /** Settles when the person at the terminal ends the input (Ctrl+D). */
  readonly ended: Promise<void> = new Promise((resolve) => {
    this.markEnded = resolve;
  });
  private readonly input: Readable;
  private readonly output: Writable;
  private readonly userId: string;
  private count = 0;
  /** Lines are answered one after another, so answers come out in the order asked. */
  private readonly queue = new ConversationQueue((error) => {
    // A failed answer must not end the terminal session; the person at it sees what went wrong.
    this.print(`出错了：${error instanceof Error ? error.message : String(error)}`);
    this.prompt();
  });
  private stopped = false;

  constructor(options: ConsoleChannelOptions = {}) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.userId = options.userId ?? 'local';
  }

  /** Lines typed before this wait in the input stream and are answered once it runs, as a terminal does. */
  async start(handler: MessageHandler): Promise<void> {
    if (this.rl) return;
    const rl = createInterface({ input: this.input, output: this.output, prompt: '你 > ' });
    this.rl = rl;
    this.output.write('新教工入职助手已启动。直接输入问题，例如"报到要带什么材料？"；输入"帮助"查看说明，Ctrl+C 退出。\n');
    rl.prompt();
    rl.once('close', () => this.markEnded());
    rl.on('line', (line) => {
      const text = line.trim();
      if (!text) return rl.prompt();
      this.queue.push(this.userId, () => this.answer(handler, text));
    });
  }

  private async answer(handler: MessageHandler, text: string): Promise<void> {
    if (this.stopped) return;
    const replies = await handler.handle({
      channel: 'console',
      conversationId: this.userId,
      userId: this.userId,
      userName: '本机用户',
      text,
      isGroup: false,
      mentionsBot: false,
      at: new Date(),
      messageId: `console-${++this.count}`,
      kind: 'text',
    });
    for (const reply of replies) this.print(reply.text);
    this.prompt();
  }

  private prompt(): void {
    if (!this.stopped) this.rl?.prompt();
  }

  async send(reply: Reply): Promise<void> {
    if (this.stopped) return;
    this.print(reply.text);
    this.rl?.prompt();
  }

  /** Lets the answer in hand go out, then closes the terminal; nothing is printed after. */
  async stop(): Promise<void> {
    this.rl?.close();
    await this.queue.idle();
    this.stopped = true;
  }

  private print(text: string): void {
    this.output.write(`\n机器人 > ${text.replace(/\n/g, '\n         ')}\n\n`);
  }
}
