#!/usr/bin/env node
import { Command, Option } from 'commander';
import { processEnv } from './config/env.js';
import { configSchema } from './config/schema.js';
import { envOf } from './config/settings-table.js';
import { OnboardingError } from './core/errors.js';
import { createLogger } from './logging/logger.js';
import type { SyncFlags } from './cli/sync-command.js';
import type { UserAddFlags } from './cli/user-command.js';
import { syncOptionsSchema } from './sync/options.js';

const env = processEnv();
// Option defaults and variables come from the config schema, so they cannot drift from it.
const defaults = configSchema.parse({});
const logLevel = (fallback: string) => env[envOf('logLevel')] ?? fallback;
// Commands that print results keep stdout for them; logs go to stderr, and only warnings unless asked.
const quietLogger = () => createLogger({ level: logLevel('warn'), destination: process.stderr as never });

// Each command loads its own modules when it runs: `user list` need not load the answering
// core, LangChain and the channels first.
const program = new Command()
  .name('onboarding-bot')
  .description('Answers new staff from the HR department\'s documents, with sources; hands doubts to the HR secretary.')
  .showHelpAfterError();

const knowledgeOption = () => new Option('-k, --knowledge <dir>', 'knowledge directory').env(envOf('knowledgeDir'));
const dataOption = () => new Option('-d, --data <dir>', 'data directory (index, tickets)').env(envOf('dataDir'));
const syncDefault = <K extends keyof typeof syncOptionsSchema.shape>(key: K) => syncOptionsSchema.shape[key].parse(undefined) as number;

program
  .command('start', { isDefault: true })
  .description('run the bot: terminal chat, web chat, WeChat when WECHATY_PUPPET is set')
  .addOption(knowledgeOption().default(defaults.knowledgeDir))
  .addOption(dataOption().default(defaults.dataDir))
  .option('-w, --watch', 'reload when files in the knowledge directory change')
  .option('--sync-every <duration>', 'sync the website pages of config sync.urls / SYNC_URLS this often, e.g. 6h')
  .action(async (opts: { knowledge: string; data: string; watch?: boolean; syncEvery?: string }) => {
    const { startBot } = await import('./main.js');
    await startBot({ knowledgeDir: opts.knowledge, dataDir: opts.data, watch: opts.watch ?? false, syncEvery: opts.syncEvery, env });
  });

program
  .command('ask')
  .description('answer questions from stdin, one a line (text or {"id","text","history","user"}), as JSON lines')
  .addOption(knowledgeOption().makeOptionMandatory())
  .addOption(dataOption().default(defaults.dataDir))
  .action(async (opts: { knowledge: string; data: string }) => {
    const [{ createApp }, { runAskLines }] = await Promise.all([import('./app.js'), import('./cli/ask-lines.js')]);
    const app = await createApp({ knowledgeDir: opts.knowledge, dataDir: opts.data, env, logger: quietLogger() });
    try {
      await runAskLines((input) => app.ask(input), process.stdin, process.stdout);
    } finally {
      await app.close();
    }
  });

program
  .command('index')
  .description('build the index and print a summary of what went in')
  .addOption(knowledgeOption().default(defaults.knowledgeDir))
  .addOption(dataOption().default(defaults.dataDir))
  .option('--strict', 'exit non-zero when any document has a warning')
  .action(async (opts: { knowledge: string; data: string; strict?: boolean }) => {
    const { indexCommand } = await import('./cli/index-command.js');
    process.exitCode = await indexCommand(opts, env);
  });

program
  .command('eval')
  .description('score the bot: every corpus in eval/corpora and the shared sets, or one set with --knowledge and --questions')
  .option('-k, --knowledge <dir>', 'knowledge directory of a single set')
  .option('-q, --questions <file>', 'its questions, one JSON object a line (schema of shared/eval/sample)')
  .option('--only <names>', 'only these sets, comma-separated')
  .option('--model <file>', 'an answer model other than the shipped one')
  .option('--json', 'print the reports as JSON')
  .option('--detail', 'the reliability table and every miss of each set')
  .option('--save <file>', 'write the figures of every set to this JSON file')
  .action(async (...args: Parameters<typeof import('./cli/eval-command.js').evalCommand>) => {
    const { evalCommand } = await import('./cli/eval-command.js');
    await evalCommand(...args);
  });

program
  .command('backup <file>')
  .description('copy tickets, the question log and the web inboxes to FILE; safe while the bot runs')
  .addOption(dataOption().default(defaults.dataDir))
  .action(async (file: string, opts: { data: string }) => {
    const { backup } = await import('./cli/data-commands.js');
    process.stdout.write(`${await backup(opts.data, file)}\n`);
  });

program
  .command('restore <file>')
  .description('put a backup made with "backup" in place (stop the bot first)')
  .addOption(dataOption().default(defaults.dataDir))
  .action(async (file: string, opts: { data: string }) => {
    const { restore } = await import('./cli/data-commands.js');
    process.stdout.write(`${await restore(opts.data, file)}\n`);
  });

program
  .command('forget <person>')
  .description('blank what one person (channel:id) wrote and was sent, keeping counts (PIPL deletion requests)')
  .addOption(dataOption().default(defaults.dataDir))
  .action(async (person: string, opts: { data: string }) => {
    const { forget } = await import('./cli/data-commands.js');
    process.stdout.write(`${forget(opts.data, person)}\n`);
  });

const user = program.command('user').description('named sign-ins for the secretary console and the admin page');
user
  .command('add <name>')
  .description('add an account; the password is read from the terminal without echo, or from the first line of stdin')
  .requiredOption('-r, --role <role>', 'secretary or admin')
  .option('--display <name>', 'the name askers see on relayed answers, e.g. 王老师')
  .addOption(dataOption().default(defaults.dataDir))
  .action(async (name: string, opts: UserAddFlags) => {
    const { addUser, passwordFrom } = await import('./cli/user-command.js');
    process.stdout.write(`${await addUser(name, opts, passwordFrom(process.stdin, process.stderr))}\n`);
  });
user
  .command('list')
  .description('list the accounts: name, role, display name, created')
  .addOption(dataOption().default(defaults.dataDir))
  .action(async (opts: { data: string }) => {
    const { listUsers } = await import('./cli/user-command.js');
    process.stdout.write(`${listUsers(opts.data)}\n`);
  });
user
  .command('remove <name>')
  .description('remove an account and end its sign-ins, even while the bot runs')
  .addOption(dataOption().default(defaults.dataDir))
  .action(async (name: string, opts: { data: string }) => {
    const { removeUser } = await import('./cli/user-command.js');
    process.stdout.write(`${removeUser(opts.data, name)}\n`);
  });

program
  .command('reload')
  .description('ask the running bot to reload its knowledge base, and print its report')
  .addOption(dataOption().default(defaults.dataDir))
  .option('--timeout <seconds>', 'how long to wait for the report', '120')
  .action(async (opts: { data: string; timeout: string }) => {
    const { requestReload } = await import('./cli/reload-command.js');
    process.exitCode = await requestReload(opts.data, Number(opts.timeout) * 1000);
  });

const collect = (value: string, previous: string[] = []) => [...previous, value];

program
  .command('sync <urls...>')
  .description('copy the department website (list pages, their articles and attachments) into knowledge/site/, then reload the running bot')
  .addOption(knowledgeOption().default(defaults.knowledgeDir))
  .addOption(dataOption().default(defaults.dataDir))
  .option('--include <regexp>', 'also follow URLs matching this (repeatable); by default only the list pages\' folders', collect)
  .option('--exclude <regexp>', 'never follow URLs matching this (repeatable)', collect)
  .option('--max-pages <n>', 'stop after this many list and article pages', String(syncDefault('maxPages')))
  .option('--concurrency <n>', 'requests at a time (1 or 2)', String(syncDefault('concurrency')))
  .option('--delay <seconds>', 'pause between requests', String(syncDefault('delayMs') / 1000))
  .option('--timeout <seconds>', 'give up on a page after this long', String(syncDefault('timeoutMs') / 1000))
  .option('--max-size <MB>', 'skip pages and attachments larger than this', String(syncDefault('maxBytes') / 1024 / 1024))
  .option('--prune', 'delete documents that are gone from the site')
  .option('--no-reload', 'do not ask the running bot to reload')
  .action(async (urls: string[], opts: SyncFlags) => {
    const { syncCommand } = await import('./cli/sync-command.js');
    process.exitCode = await syncCommand(urls, opts, createLogger({ level: logLevel(defaults.logLevel), destination: process.stderr as never }));
  });

program.parseAsync().catch((error: unknown) => {
  // Expected failures (bad config, missing directory, bad question file) get one clear line.
  if (error instanceof OnboardingError) {
    process.stderr.write(`onboarding-bot: ${error.name}: ${error.message}\n`);
  } else {
    process.stderr.write(`onboarding-bot: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
});
