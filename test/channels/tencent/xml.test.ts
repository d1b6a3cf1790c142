import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_CALLBACK_BYTES, cdata, parseCallbackXml, readCallbackBody } from '../../../src/channels/tencent/xml.js';

const message = z.object({ ToUserName: z.string(), Content: z.string() });

describe('Tencent callback XML', () => {
  it('reads a flat callback, CDATA and all, and refuses what is not one', () => {
    const xml = `<xml><ToUserName>${cdata('gh_1')}</ToUserName><Content>${cdata('报到 ]]> 材料')}</Content></xml>`;
    expect(parseCallbackXml(xml, message)).toEqual({ ToUserName: 'gh_1', Content: '报到 ]]> 材料' });
    expect(() => parseCallbackXml('<xml><ToUserName>gh_1</xml>', message)).toThrow(/not well-formed XML/);
    expect(() => parseCallbackXml('<other><ToUserName>x</ToUserName></other>', message)).toThrow(/not a callback/);
  });

  it('leaves entities as written, so a document type cannot expand them', () => {
    const bomb = '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">]><xml><ToUserName>&a;&a;</ToUserName><Content>x</Content></xml>';
    expect(parseCallbackXml(bomb, message).ToUserName).toBe('&a;&a;');
  });

  it('reads a body up to the limit and refuses a larger one, declared or not', async () => {
    const post = (body: string, headers: Record<string, string> = {}) => new Request('http://127.0.0.1/cb', { method: 'POST', body, headers });
    expect(await readCallbackBody(post('<xml/>'))).toBe('<xml/>');
    expect(await readCallbackBody(post('x', { 'content-length': String(MAX_CALLBACK_BYTES + 1) }))).toBeUndefined();
    expect(await readCallbackBody(post('x'.repeat(MAX_CALLBACK_BYTES + 1)))).toBeUndefined();
  });
});
