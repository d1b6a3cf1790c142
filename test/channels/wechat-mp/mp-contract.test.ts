import { describeChannel } from '../describe-channel.js';
import { startMp } from './mp-driver.js';

// An Official Account talks to one follower at a time: no group chats.
const supports = { manyUsers: true, nonText: true, concurrentMessages: true, restart: true };
describeChannel('wechat-mp (safe mode)', () => startMp(), { supports });
describeChannel('wechat-mp (plaintext)', () => startMp({ safeMode: false }), { supports });
