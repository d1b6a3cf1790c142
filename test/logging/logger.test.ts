import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, log: createLogger({ level: 'info', destination }) };
}

describe('the log', () => {
  it('never holds a secret: passwords, keys, tokens, phones, ID numbers or the group robot address', () => {
    const { lines, log } = capture();
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
