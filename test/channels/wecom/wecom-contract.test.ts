import { describeChannel } from '../describe-channel.js';
import { startWecom } from './wecom-driver.js';

describeChannel('wecom', startWecom, {
  // WeCom apps talk to one member at a time: no group chats.
  supports: { manyUsers: true, nonText: true, concurrentMessages: true, restart: true },
});
