import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../memory-logger.js';

describe('the log', () => {
  it('never holds a secret: passwords, keys, tokens, phones, ID numbers or the group robot address', () => {
    const { lines, log } = memoryLogger();
    log.info(
      {
        password: 'hunter2',
        llm: { apiKey: 'sk-secret1234' },
        wecom: { webhookUrl: 'https://robot.example/send?key=abc-123' },
        webhookUrl: 'https://robot.example/send?key=abc-123',
        asker: { phone: '13800138000', idNumber: '110101199003078888' },
        req: { headers: { authorization: 'Bearer xyz', cookie: 'sid=1' } },
      },
      'config',
    );
    const text = lines.join('');
    for (const secret of ['hunter2', 'sk-secret1234', 'abc-123', '13800138000', '110101199003078888', 'Bearer xyz', 'sid=1']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });
});
