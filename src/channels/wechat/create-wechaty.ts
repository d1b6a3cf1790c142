import { join, resolve } from 'node:path';
import { WechatyBuilder, type OfficialPuppetNpmName, type Wechaty } from 'wechaty';
import type { Config } from '../../config/schema.js';
import { ConfigError } from '../../core/errors.js';

// `wechaty-puppet-wechat4u`, `wechaty-puppet-service`, `@juzibot/wechaty-puppet-xyz` …
const PUPPET_NAME = /^(@[a-z0-9][\w.-]*\/)?wechaty-puppet-[\w.-]+$/;

/**
 * Builds the Wechaty that `WECHATY_PUPPET` names. Wechaty imports the puppet package at
 * start, and the puppet reads its own settings (`WECHATY_PUPPET_SERVICE_TOKEN`, …) from the
 * environment, as Wechaty users expect. The login session is kept in the data directory.
 */
export function createWechaty(config: Pick<Config, 'wechat' | 'dataDir'>): Wechaty {
  const puppet = config.wechat.puppet;
  if (!puppet) {
    throw new ConfigError('WECHATY_PUPPET is empty; set it to a puppet package, e.g. wechaty-puppet-wechat4u');
  }
  if (!PUPPET_NAME.test(puppet)) {
    throw new ConfigError(
      `WECHATY_PUPPET: "${puppet}" is not a Wechaty puppet package; expected a name like wechaty-puppet-wechat4u or wechaty-puppet-service`,
    );
  }
  return WechatyBuilder.build({
    // Wechaty stores the session as `<name>.memory-card.json`; in the data dir it survives redeploys.
    name: join(resolve(config.dataDir), 'wechaty'),
    // The type lists only the official puppets, while Wechaty imports any puppet package by name.
    puppet: puppet as OfficialPuppetNpmName,
  });
}
