import type { z } from 'zod';
import { configSchema, settings, type SettingMeta } from './schema.js';

/** How an environment variable's text becomes the setting's value. */
export type EnvKind = 'string' | 'number' | 'list' | 'boolean';

/** One setting of the schema: the row of the README's configuration table. */
export interface Setting extends SettingMeta {
  /** Dotted path, e.g. `web.port`. */
  key: string;
  kind: EnvKind;
  /** The schema's default, undefined when there is none. */
  defaultValue: unknown;
}

type AnySchema = z.core.$ZodType;

/** The schema under optional/default/prefault wrappers and transforms. */
function core(schema: AnySchema): AnySchema {
  const def = schema._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
  if (def.innerType && ['optional', 'nullable', 'default', 'prefault'].includes(def.type)) return core(def.innerType);
  if (def.type === 'pipe' && def.in) return core(def.in);
  return schema;
}

function kindOf(schema: AnySchema): EnvKind {
  const type = core(schema)._zod.def.type;
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array') return 'list';
  return 'string';
}

function valueAt(record: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], record);
}

/** Every registered setting of `configSchema`, in the schema's order. */
export function settingsTable(): Setting[] {
  const defaults = configSchema.parse({});
  const rows: Setting[] = [];
  const walk = (shape: Record<string, AnySchema>, prefix: string[]) => {
    for (const [name, field] of Object.entries(shape)) {
      const path = [...prefix, name];
      const meta = settings.get(field);
      if (meta) {
        rows.push({ key: path.join('.'), kind: kindOf(field), defaultValue: valueAt(defaults, path), ...meta });
        continue;
      }
      const inner = core(field)._zod.def as { type: string; shape?: Record<string, AnySchema> };
      if (inner.type !== 'object' || !inner.shape) throw new Error(`config key ${path.join('.')} has no meaning registered in the schema`);
      walk(inner.shape, path);
    }
  };
  walk(configSchema.shape, []);
  return rows;
}

/** The environment variable of a setting, for messages and command line options. */
export function envOf(key: string): string {
  const env = settingsTable().find((s) => s.key === key)?.env;
  if (!env) throw new Error(`config key ${key} has no environment variable`);
  return env;
}
