import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QqChannel } from '../../src/channels/qq/qq-channel.js';
import { ONEBOT_REVERSE_PATH } from '../../src/channels/qq/onebot-protocol.js';
import { silentLogger } from '../../src/logging/logger.js';
import { OneBotPeer, text } from '../qq/onebot-peer.js';
import { Client, startWebFixture, type WebFixture } from './web-fixture.js';

const TOKEN = 'onebot-test-token';

describe('a QQ question answered in the web console', () => {
  let fx: WebFixture;
  let qq: QqChannel;
  let peer: OneBotPeer;

  beforeAll(async () => {
    fx = await startWebFixture();
    qq = new QqChannel({ handler: fx.app.bot, log: silentLogger(), accessToken: TOKEN });
    await qq.start();
    fx.server.registerUpgrade(ONEBOT_REVERSE_PATH, qq.handleUpgrade);
    await fx.app.registerChannel(qq);
    peer = await OneBotPeer.connect(`${fx.server.url.replace(/^http/, 'ws')}${ONEBOT_REVERSE_PATH}`, { token: TOKEN });
  });
  afterAll(async () => {
    await peer?.close();
    await qq?.stop();
    await fx?.close();
  });

  it('reaches the asker on QQ through the same web server', async () => {
    peer.privateMessage(20001, [text('帮我查下我的档案到了没有')], '新同事');
    const escalated = await peer.actions.find((a) => a.action === 'send_private_msg' && /工单号 #/.test(JSON.stringify(a.params.message)));
    const ticketId = /#([A-Z0-9]+)/.exec(JSON.stringify(escalated.params.message))![1]!;

    const sec = new Client(fx.server.url);
    await sec.login('secretary');
    const open = await sec.get('/api/tickets');
    expect(open.data.tickets).toEqual([expect.objectContaining({ id: ticketId, channel: 'qq', asker: 'qq:20001', askerName: '新同事' })]);
    const answered = await sec.post(`/api/tickets/${ticketId}/answer`, { answer: '档案昨天已到人事处。' });
    expect(answered.data.relayed).toBe(true);

    const relay = await peer.actions.find((a) => a.action === 'send_private_msg' && /档案昨天已到人事处。/.test(JSON.stringify(a.params.message)));
    expect(relay.params.user_id).toBe(20001);
  });
});
