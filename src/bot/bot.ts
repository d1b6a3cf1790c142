import type { MessageHandler } from '../core/ports.js';
import type { Clock } from '../core/clock.js';
import { UserFacingError } from '../core/errors.js';
import { splitReply } from '../core/split-text.js';
import type { Incoming, Reply, ReplyBasis } from '../core/types.js';
import type { Logger } from '../logging/logger.js';
import type { Templates } from '../prompts/templates.js';
import type { QuestionLog } from '../escalation/question-log.js';
import type { SecretaryDesk } from '../escalation/secretary-desk.js';
import { parseTicketCommand } from '../escalation/ticket-command.js';
import type { TicketStore } from '../escalation/ticket-store.js';
import type { QuestionFlow } from './question-flow.js';
import { ExpiringSet } from './expiring-set.js';
import { RateLimiter } from './rate-limiter.js';

export interface BotSettings {
  maxMessageChars: number;
  ratePerMinute: number;
  historyTurns: number;
  historyTtlMinutes: number;
  /** A person gets the "text only" notice at most once in this many minutes. */
  nonTextNoticeMinutes: number;
}

export interface BotOptions {
  flow: QuestionFlow;
  desk: SecretaryDesk;
  questions: QuestionLog;
  tickets: Pick<TicketStore, 'countOpen'>;
  templates: Templates;
  clock: Clock;
  log: Logger;
  settings: BotSettings;
  /** `channel:id` names. */
  admins: string[];
  secretaries: string[];
  /** Longest message a channel takes; longer replies are split at sentence ends. */
  limitFor: (channel: string) => number;
  /** Reloads the knowledge base and describes the outcome for the admin. */
  reload: () => Promise<string>;
}

// Whole messages that greet or ask for the guide, and those that thank or acknowledge:
// neither is a question, and sending them to the flow would open tickets for nothing.
const TAIL = '[\\s!！。.,，~～?？呀啊哈啦的老师]*$';
const GUIDE = new RegExp(`^(?:/?help|帮助|菜单|功能|你好|您好|老师好|大家好|hi|hello|hey|哈喽|嗨|在吗|在不在|有人吗)${TAIL}`, 'i');
const THANKS = new RegExp(`^(?:谢谢|谢谢你|多谢|感谢|谢啦|thanks|thank you|thx|ok|好的|好|收到|明白|明白了|知道了|嗯|嗯嗯)${TAIL}`, 'i');
// Nothing but punctuation, symbols or emoji.
const NO_WORDS = /^[\p{P}\p{S}\s]*$/u;
const COMMAND = /^\/([a-z]+)\b/i;
const COMMANDS = ['/help', '/tickets', '/stats', '/reload'];
const UNANSWERED_DAYS = 7;

/** One reply's text, with what it rests on when it answers a question. */
interface Said {
  text: string;
  ticketId?: string;
  basis?: ReplyBasis;
}

/**
 * The conversation engine, the same for every channel: filters and guards, commands for
 * staff, then the question flow. One error boundary per message: `handle` never throws.
 */
export class Bot implements MessageHandler {
  private readonly seen = new ExpiringSet(10 * 60_000);
  private readonly nonTextNoticed: ExpiringSet;
  private readonly rate: RateLimiter;
  private readonly admins: Set<string>;
  private readonly staff: Set<string>;

  constructor(private readonly options: BotOptions) {
    this.nonTextNoticed = new ExpiringSet(options.settings.nonTextNoticeMinutes * 60_000);
    this.rate = new RateLimiter(options.settings.ratePerMinute);
    this.admins = new Set(options.admins);
    this.staff = new Set([...options.admins, ...options.secretaries]);
  }

  async handle(incoming: Incoming): Promise<Reply[]> {
    const log = this.options.log.child({ channel: incoming.channel, msgId: incoming.messageId });
    let said: Array<string | Said>;
    try {
      said = await this.respond(incoming, log);
    } catch (err) {
      if (err instanceof UserFacingError) {
        said = [err.message];
      } else {
        log.error({ err, conversationId: incoming.conversationId }, 'message failed');
        said = [this.options.templates.render('apology', {})];
      }
    }
    const mentionUserId = incoming.isGroup ? incoming.userId : undefined;
    const limit = this.options.limitFor(incoming.channel);
    return said.flatMap((s) => splitReply({ conversationId: incoming.conversationId, mentionUserId, ...(typeof s === 'string' ? { text: s } : s) }, limit));
  }

  /** What to answer with, in order; nothing when the message is not for the bot. */
  private async respond(incoming: Incoming, log: Logger): Promise<Array<string | Said>> {
    const { templates, settings, clock } = this.options;
    const now = clock.now();
    if (incoming.messageId && !this.seen.add(`${incoming.channel}:${incoming.messageId}`, now)) {
      log.debug('duplicate delivery ignored');
      return [];
    }
    const person = `${incoming.channel}:${incoming.userId}`;
    const isStaff = !incoming.selfNamed && this.staff.has(person);
    const text = incoming.text.trim();
    const ticketCommand = isStaff && incoming.kind !== 'non_text' ? parseTicketCommand(text) : undefined;
    // Staff answer tickets in their HR group without @-ing the bot; everyone else must @ it there.
    if (incoming.isGroup && !incoming.mentionsBot && !ticketCommand) return [];

    if (incoming.kind === 'non_text') {
      return this.nonTextNoticed.add(person, now) ? [templates.render('text-only', {})] : [];
    }
    if (!isStaff) {
      const rate = this.rate.check(person, now);
      if (rate === 'drop') return [];
      if (rate === 'notice') return [templates.render('rate-limited', {})];
    }
    // A secretary's answer may be long; only questions are held to the limit.
    if (ticketCommand) {
      return [await this.options.desk.handle({ id: person, name: incoming.userName }, ticketCommand)];
    }
    if (Array.from(text).length > settings.maxMessageChars) return [templates.render('too-long', { max: settings.maxMessageChars })];
    const command = COMMAND.exec(text)?.[1]?.toLowerCase();
    if (command !== undefined && command !== 'help') return [await this.command(command, isStaff && this.admins.has(person), isStaff)];
    if (THANKS.test(text)) return [templates.render('thanks', {})];
    if (NO_WORDS.test(text) || GUIDE.test(text)) {
      return isStaff ? [`${templates.render('help', {})}\n\n${templates.render('help-staff', {})}`] : [templates.render('help', {})];
    }
    return [await this.ask(incoming, person, text, log)];
  }

  private async command(name: string, isAdmin: boolean, isStaff: boolean): Promise<string> {
    const { templates, desk } = this.options;
    switch (name) {
      case 'reload':
        if (!isAdmin) throw new UserFacingError(templates.render('not-allowed', {}));
        return this.options.reload();
      case 'tickets':
        if (!isStaff) throw new UserFacingError(templates.render('not-allowed', {}));
        return desk.listOpen();
      case 'stats':
        if (!isStaff) throw new UserFacingError(templates.render('not-allowed', {}));
        return this.stats();
      default:
        throw new UserFacingError(templates.render('unknown-command', { command: `/${name}`, commands: COMMANDS.join(' ') }));
    }
  }

  private async ask(incoming: Incoming, askerId: string, text: string, log: Logger): Promise<Said> {
    const { flow, questions, settings, clock, templates } = this.options;
    const conversation = { channel: incoming.channel, conversationId: incoming.conversationId, askerId };
    const since = new Date(clock.now().getTime() - settings.historyTtlMinutes * 60_000);
    const history = incoming.history ?? questions.recentTexts(conversation, since, settings.historyTurns);
    const { output, outcome, repeated } = await flow.ask({
      id: incoming.messageId,
      text,
      history,
      userId: incoming.userId,
      userName: incoming.userName,
      channel: incoming.channel,
      conversationId: incoming.conversationId,
      isGroup: incoming.isGroup,
    });
    await questions.record({
      ...conversation,
      at: clock.now(),
      text,
      escalated: output.escalated,
      reason: output.reason,
      confidence: output.confidence,
      ticketId: output.ticketId,
    });
    log.info({ escalated: output.escalated, reason: output.reason, ticketId: output.ticketId, repeated, ms: output.ms }, 'question handled');
    const basis: ReplyBasis = {
      escalated: output.escalated,
      reason: output.reason,
      confidence: output.confidence,
      sources: outcome.kind === 'answer' ? outcome.sources : outcome.candidates,
      ...(outcome.kind === 'answer' ? { cited: outcome.cited ?? outcome.sources.length, answer: outcome.text } : {}),
    };
    const reply = repeated && output.ticketId ? templates.render('still-open', { ticket: output.ticketId }) : output.reply;
    return { text: reply, basis, ...(output.ticketId ? { ticketId: output.ticketId } : {}) };
  }

  private stats(): string {
    const { questions, tickets, templates, clock } = this.options;
    const now = clock.now();
    const { today, week } = questions.stats(now);
    const top = questions.recentUnanswered(UNANSWERED_DAYS, now);
    return templates.render('stats', {
      today_total: today.total,
      today_answered: today.answered,
      today_escalated: today.escalated,
      week_total: week.total,
      week_answered: week.answered,
      week_escalated: week.escalated,
      open_tickets: tickets.countOpen(),
      days: UNANSWERED_DAYS,
      unanswered: top.length ? top.map((q, i) => `${i + 1}. ${q.text}（${q.count} 次）`).join('\n') : templates.render('none', {}),
    });
  }
}
