import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';

/** An EncodingAESKey as the admin consoles make them: 43 base64 characters. */
export function makeAesKey(): string {
  return randomBytes(32).toString('base64').slice(0, 43);
}

/** The query and body WeCom (or a safe-mode Official Account) posts for `inner`, sealed for `receiverId`. */
export function sealCallback(options: { token: string; aesKey: string; receiverId: string; inner: string; timestamp?: string; nonce?: string }) {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(6).toString('hex');
  const ciphertext = encrypt(options.aesKey, options.inner, options.receiverId);
  const signature = getSignature(options.token, timestamp, nonce, ciphertext);
  return {
    ciphertext,
    query: { msg_signature: signature, timestamp, nonce },
    body: `<xml><ToUserName><![CDATA[${options.receiverId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
  };
}

/** A text message's inner XML, as WeCom and the Official Account write it. */
export function textXml(options: { to: string; from: string; text: string; msgId: string; agentId?: number }): string {
  return (
    `<xml><ToUserName><![CDATA[${options.to}]]></ToUserName><FromUserName><![CDATA[${options.from}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${options.text}]]></Content><MsgId>${options.msgId}</MsgId>` +
    (options.agentId === undefined ? '' : `<AgentID>${options.agentId}</AgentID>`) +
    `</xml>`
  );
}

/** A non-text message or an event. */
export function otherXml(options: { to: string; from: string; msgType: string; event?: string; msgId?: string }): string {
  return (
    `<xml><ToUserName><![CDATA[${options.to}]]></ToUserName><FromUserName><![CDATA[${options.from}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[${options.msgType}]]></MsgType>` +
    (options.event ? `<Event><![CDATA[${options.event}]]></Event>` : '') +
    (options.msgId ? `<MsgId>${options.msgId}</MsgId>` : '') +
    `</xml>`
  );
}
