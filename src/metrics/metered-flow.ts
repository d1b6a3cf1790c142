import { QuestionFlow, type FlowResult, type QuestionFlowOptions } from '../bot/question-flow.js';
import type { AskInput } from '../core/types.js';
import type { BotMetrics } from './bot-metrics.js';

/** The question flow, counting each question into the metrics once it is handled. */
export class MeteredQuestionFlow extends QuestionFlow {
  constructor(
    options: QuestionFlowOptions,
    private readonly metrics: BotMetrics,
  ) {
    super(options);
  }

  override async ask(input: AskInput & { isGroup?: boolean }): Promise<FlowResult> {
    const result = await super.ask(input);
    this.metrics.questionHandled(input.channel ?? 'cli', result.output);
    return result;
  }
}
