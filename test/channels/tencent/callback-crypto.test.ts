import { describe, expect, it } from 'vitest';
import { CallbackCrypto, CallbackRejected, checkPlainSignature, plainSignature } from '../../../src/channels/tencent/callback-crypto.js';
import { makeAesKey, sealCallback } from './sealed-callback.js';

const token = 'onboarding-token';
const aesKey = makeAesKey();
const corp = 'ww0123456789abcdef';
const inner = '<xml><Content><![CDATA[报到要带什么材料？]]></Content></xml>';

function rejection(open: () => unknown): CallbackRejected {
  try {
    open();
  } catch (err) {
    if (err instanceof CallbackRejected) return err;
    throw err;
  }
  throw new Error('the callback was accepted');
}

describe('signed, encrypted Tencent callbacks', () => {
  const crypto = new CallbackCrypto(token, aesKey, corp);

  it('opens a message sealed for this corp with this token and key', () => {
    const { query, ciphertext } = sealCallback({ token, aesKey, receiverId: corp, inner });
    expect(crypto.open(query, ciphertext)).toBe(inner);
  });

  it('refuses a forged or missing signature with 401, before decrypting anything', () => {
    const { query, ciphertext } = sealCallback({ token: 'someone-else', aesKey, receiverId: corp, inner });
    expect(rejection(() => crypto.open(query, ciphertext)).status).toBe(401);
    expect(rejection(() => crypto.open({ timestamp: query.timestamp, nonce: query.nonce }, ciphertext)).status).toBe(401);
  });

  it('refuses with 403 a message sealed for another corp, or with another key', () => {
    const other = sealCallback({ token, aesKey, receiverId: 'ww-another-corp', inner });
    expect(rejection(() => crypto.open(other.query, other.ciphertext)).message).toMatch(/another corp/);
    const rekeyed = sealCallback({ token, aesKey: makeAesKey(), receiverId: corp, inner });
    expect(rejection(() => crypto.open(rekeyed.query, rekeyed.ciphertext)).status).toBe(403);
  });

  it('seals a passive reply that the same keys open again, with the signature Tencent checks', () => {
    const sealed = crypto.seal('<xml><Content><![CDATA[请携带身份证。]]></Content></xml>', '1764381600', 'n0nce');
    const ciphertext = /<Encrypt><!\[CDATA\[(.+?)\]\]>/.exec(sealed)![1]!;
    const signature = /<MsgSignature><!\[CDATA\[(.+?)\]\]>/.exec(sealed)![1]!;
    expect(crypto.open({ msg_signature: signature, timestamp: '1764381600', nonce: 'n0nce' }, ciphertext)).toContain('请携带身份证。');
  });

  it('checks the Official Account’s plain signature, in either letter case, and refuses a wrong one', () => {
    const signature = plainSignature(token, '1764381600', 'abc');
    expect(() => checkPlainSignature(token, { signature: signature.toUpperCase(), timestamp: '1764381600', nonce: 'abc' })).not.toThrow();
    expect(rejection(() => checkPlainSignature(token, { signature, timestamp: '1764381601', nonce: 'abc' })).status).toBe(401);
  });
});
