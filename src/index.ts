export { createApp, type App, type CreateAppOptions } from './app.js';
export type { Incoming, Reply, Source, Outcome, AskInput, AskOutput, EscalationReason } from './core/types.js';
export type { Config, ConfigInput } from './config/schema.js';
export type { ReloadReport } from './knowledge/knowledge-base.js';
