import { createHash, timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { OnboardingError } from '../../core/errors.js';

/** A callback failed its signature or decryption, or was meant for another app: refused, never answered. */
export class CallbackRejected extends OnboardingError {
  constructor(
    message: string,
    readonly status: 401 | 403,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The Official Account's plaintext signature: SHA-1 of the sorted token, timestamp and nonce. */
export function plainSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

export function checkPlainSignature(token: string, query: { signature?: string; timestamp?: string; nonce?: string }): void {
  const { signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce || !sameHex(signature, plainSignature(token, timestamp, nonce))) {
    throw new CallbackRejected('signature does not match the token', 401);
  }
}

export interface SealedQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
}

/**
 * WXBizMsgCrypt, as WeCom and the Official Account's safe mode use it: checks `msg_signature`
 * over the ciphertext, decrypts it and checks that it was sealed for `receiverId` (corp id or app id).
 */
export class CallbackCrypto {
  constructor(
    private readonly token: string,
    private readonly aesKey: string,
    private readonly receiverId: string,
  ) {}

  open(query: SealedQuery, ciphertext: string): string {
    const { msg_signature: signature, timestamp, nonce } = query;
    if (!signature || !timestamp || !nonce || !sameHex(signature, getSignature(this.token, timestamp, nonce, ciphertext))) {
      throw new CallbackRejected('msg_signature does not match the token', 401);
    }
    let opened: { message: string; id: string };
    try {
      opened = decrypt(this.aesKey, ciphertext);
    } catch (cause) {
      throw new CallbackRejected('the message cannot be decrypted with the EncodingAESKey', 403, { cause });
    }
    if (opened.id !== this.receiverId) throw new CallbackRejected('the message was sealed for another corp or app', 403);
    return opened.message;
  }

  /** Seals a passive reply: the encrypted XML envelope Tencent expects back. */
  seal(message: string, timestamp: string, nonce: string): string {
    const ciphertext = encrypt(this.aesKey, message, this.receiverId);
    const signature = getSignature(this.token, timestamp, nonce, ciphertext);
    return (
      `<xml><Encrypt><![CDATA[${ciphertext}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature>` +
      `<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`
    );
  }
}
