import type { SqliteAccountStore } from '../../../accounts/account-store.js';
import type { SqliteSessionStore } from '../../../accounts/session-store.js';
import type { SqliteTrustedDevices } from '../../../accounts/trusted-devices.js';
import type { SiteSync } from '../../../sync/site-sync.js';
import type { ApiContext } from './context.js';

/** The API's settings; `startWebServer` fills them from `config.web`. */
export interface WebApiOptions extends ApiContext {
  /** Set the `Secure` cookie flag (the server is reached over HTTPS through a proxy). */
  secureCookies: boolean;
  accounts: SqliteAccountStore;
  sessions: SqliteSessionStore;
  devices: SqliteTrustedDevices;
  /** Failed sign-ins a key (account, address, trusted browser) may have before sign-in waits. */
  loginMaxFailures: number;
  /** Failures are forgotten this long after the last one. */
  loginWindowMinutes: number;
  /** The first wait after `loginMaxFailures`; it doubles with each further failure. */
  loginDelaySeconds: number;
  loginMaxDelayMinutes: number;
  /** Longest wait of one inbox long poll. */
  inboxWaitSeconds: number;
  /** The website sync behind the admin page's report and "sync now" button. */
  siteSync: SiteSync;
  /** The reverse proxy whose `X-Forwarded-For` names the client; unset, the header is ignored. */
  trustProxy: string | undefined;
  /** Anonymous questions one client address may ask per minute. */
  chatPerAddressPerMinute: number;
}
