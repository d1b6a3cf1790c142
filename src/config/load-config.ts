import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { configSchema, type Config, type ConfigInput } from './schema.js';
import { settingsTable } from './settings-table.js';

type Env = Record<string, string | undefined>;

/** Environment variable → config path, and how to read its text: the schema's own table. */
const ENV_KEYS = settingsTable().flatMap((s) => (s.env ? [[s.env, s.key, s.kind] as const] : []));

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node = (node[key] ??= {}) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

function fromEnv(env: Env): { input: Record<string, unknown>; origin: Map<string, string>; errors: string[] } {
  const input: Record<string, unknown> = {};
  const origin = new Map<string, string>();
  const errors: string[] = [];
  for (const [name, path, kind] of ENV_KEYS) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (kind === 'number') {
      value = Number(raw);
      if (!Number.isFinite(value)) {
        errors.push(`${name}: expected a number, got "${raw}"`);
        continue;
      }
    }
    if (kind === 'list') value = raw.split(',').map((s) => s.trim()).filter(Boolean);
    if (kind === 'boolean') value = !/^(0|false|no|off)$/i.test(raw);
    setPath(input, path, value);
    origin.set(path, name);
  }
  return { input, origin, errors };
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && prev && typeof prev === 'object' && !Array.isArray(prev)
        ? merge(prev as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

function describe(issue: z.core.$ZodIssue, origin: Map<string, string>, file?: string): string {
  const path = issue.path.join('.');
  // "admins.0" came from ONBOARDING_ADMINS: name the variable with the item's position.
  const prefix = [...origin.keys()].find((key) => path === key || path.startsWith(`${key}.`));
  const where = prefix
    ? `${origin.get(prefix)}${path === prefix ? '' : ` (item ${Number(path.slice(prefix.length + 1)) + 1})`}`
    : file ? `${path} in ${file}` : path || '(root)';
  return `${where}: ${issue.message}`;
}

export interface LoadConfigOptions {
  env?: Env;
  /** A JSON file with the same keys as the schema; `ONBOARDING_CONFIG` names one too. */
  file?: string;
  /** Explicit values, highest priority (what `createApp({ config })` passes). */
  overrides?: ConfigInput;
}

/**
 * Reads the settings: defaults < config file < environment < overrides.
 * Throws a ConfigError naming every wrong key and what was expected.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? {};
  const file = options.file ?? env.ONBOARDING_CONFIG;
  let fileInput: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new ConfigError(`config file ${file} cannot be read; check ONBOARDING_CONFIG`, { cause });
    }
    try {
      fileInput = JSON.parse(text) as Record<string, unknown>;
    } catch (cause) {
      throw new ConfigError(`config file ${file} is not valid JSON: ${(cause as Error).message}`, { cause });
    }
  }
  const { input: envInput, origin, errors } = fromEnv(env);
  const merged = merge(merge(fileInput, envInput), (options.overrides ?? {}) as Record<string, unknown>);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success || errors.length > 0) {
    const lines = [...errors, ...(parsed.success ? [] : parsed.error.issues.map((i) => describe(i, origin, file)))];
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
