import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUndeliverable } from '../../../src/core/errors.js';
import { toMarkdown, WecomRobot, WecomRobotError } from '../../../src/channels/wecom/wecom-robot.js';
import { silentLogger } from '../../../src/logging/logger.js';

/** A group-robot webhook on loopback that answers each post with the next of `answers`. */
let server: Server;
let url: string;
const answers: Array<{ status: number; body: string }> = [];
const posted: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      posted.push(JSON.parse(body));
      const next = answers.shift() ?? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
      res.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test-key`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const notice = { channel: 'wecom-robot', conversationId: 'group', text: '【新工单 #K7Q2M】\n提问：周转公寓押金多少？', ticketId: 'K7Q2M' };

describe('the WeCom group robot', () => {
  it('posts a notice as markdown with its first line in bold', async () => {
    posted.length = 0;
    await new WecomRobot({ url, log: silentLogger() }).send(notice);
    expect(posted).toEqual([{ msgtype: 'markdown', markdown: { content: '**【新工单 #K7Q2M】**\n提问：周转公寓押金多少？' } }]);
  });

  it('treats a removed robot or revoked key as refused for good, so the outbox stops retrying and says why in Chinese', async () => {
    answers.push({ status: 200, body: '{"errcode":93004,"errmsg":"robot removed"}' });
    const err = await new WecomRobot({ url, log: silentLogger() }).send(notice).catch((e: unknown) => e);
    expect(isUndeliverable(err)).toBe(true);
    expect((err as Error).message).toContain('WECOM_WEBHOOK_URL');
  });

  it('fails a server error, a busy answer or a page that is not WeCom’s JSON so that it is tried again', async () => {
    answers.push({ status: 502, body: 'bad gateway' }, { status: 200, body: '{"errcode":45009}' }, { status: 200, body: '<html>portal</html>' });
    const robot = new WecomRobot({ url, log: silentLogger() });
    for (const expected of [/HTTP 502/, /errcode 45009/, /JSON/]) {
      const err = await robot.send(notice).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WecomRobotError);
      expect(isUndeliverable(err)).toBe(false);
      expect((err as Error).message).toMatch(expected);
    }
  });

  it('keeps a line that starts like markdown as plain text, and drops stars from the bold line', () => {
    expect(toMarkdown('**注意**\n# 不是标题\n- 不是列表\n1. 不是编号\n普通一行')).toBe(
      '**注意**\n\u200b# 不是标题\n\u200b- 不是列表\n\u200b1. 不是编号\n普通一行',
    );
  });
});
