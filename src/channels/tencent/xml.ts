import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { CallbackRejected } from './callback-crypto.js';

/** Tencent's callbacks are a few hundred bytes; anything this large is not one of them. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

// Entities are left as written: no expansion means no entity bombs and no external lookups.
const parser = new XMLParser({
  processEntities: false,
  ignoreDeclaration: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
});

/** Parses Tencent's flat `<xml>…</xml>` and checks it against `schema`; anything else is refused. */
export function parseCallbackXml<T>(text: string, schema: z.ZodType<T>): T {
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch (cause) {
    throw new CallbackRejected('the body is not well-formed XML', 403, { cause });
  }
  const root = z.object({ xml: schema }).safeParse(doc);
  if (!root.success) throw new CallbackRejected(`the XML is not a callback: ${root.error.issues[0]?.message ?? ''}`, 403);
  return root.data.xml;
}

/** Reads a request body as text, refusing more than MAX_CALLBACK_BYTES before reading it all. */
export async function readCallbackBody(request: Request): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_CALLBACK_BYTES) return undefined;
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_CALLBACK_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Text for a CDATA section; `]]>` inside it is split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
