import { createHash, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../logging/logger.js';

export interface ReverseEndpointOptions {
  /** `onebot.accessToken`; while unset the endpoint refuses every connection. */
  accessToken?: string;
  log: Logger;
  /** False while the channel is not running; connections are then refused with 503. */
  accepting: () => boolean;
  /** Takes a connection that passed every check, with the bot's QQ number from `X-Self-ID`. */
  onConnection: (socket: WebSocket, selfId: string) => void;
}

/** Hands an HTTP server's `upgrade` event to the endpoint. */
export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * The reverse WebSocket endpoint a OneBot framework connects to (Universal role), for an HTTP
 * server's `upgrade` event. Refuses with 404 while no access token is set, 401 on a wrong
 * token, 400 without a numeric `X-Self-ID` or with another role.
 */
export function reverseEndpoint(options: ReverseEndpointOptions): UpgradeListener {
  const wss = new WebSocketServer({ noServer: true });
  const { accessToken: token, log } = options;
  return (req, socket, head) => {
    const remote = req.socket.remoteAddress;
    const refuse = (status: number, reason: string): void => {
      log.warn({ status, reason, remote }, 'reverse connection refused');
      const body = `${reason}\n`;
      const auth = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n${auth}` +
          `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        () => socket.destroy(),
      );
    };
    if (!token) return refuse(404, 'the OneBot endpoint is off; set ONEBOT_ACCESS_TOKEN to open it');
    if (!options.accepting()) return refuse(503, 'the QQ channel is not running');
    const presented = presentedToken(req);
    if (presented === undefined || !timingSafeEqual(digest(presented), digest(token))) {
      return refuse(401, 'wrong or missing access token; it must equal ONEBOT_ACCESS_TOKEN');
    }
    const selfId = headerValue(req, 'x-self-id');
    if (!selfId || !/^\d+$/.test(selfId)) return refuse(400, 'missing or non-numeric X-Self-ID header (the QQ number of the bot)');
    const role = headerValue(req, 'x-client-role');
    if (role && role.toLowerCase() !== 'universal') {
      return refuse(400, `client role ${role} is not supported; use the Universal role`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => options.onConnection(ws, selfId));
  };
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

// OneBot v11 puts the token in `Authorization: Bearer …`; some frameworks use `?access_token=`.
function presentedToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header) return /^(?:Bearer|Token)\s+(.+)$/i.exec(header.trim())?.[1];
  return new URL(req.url ?? '/', 'http://onebot.invalid').searchParams.get('access_token') ?? undefined;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
