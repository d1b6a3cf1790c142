import type { Reply } from './types.js';

// Sentence ends, Chinese and Western; a break after them keeps each part readable on its own.
const SENTENCE_END = /[。！？!?；;…]["”’」』）)]*|\n+|\.(?=\s)/g;

/** Splits text into parts of at most `limit` characters, cutting after a sentence where one fits. */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    let cut = 0;
    for (const m of rest.matchAll(SENTENCE_END)) {
      const end = m.index + m[0].length;
      if (end > limit) break;
      cut = end;
    }
    // No sentence end inside the limit: cut at the limit rather than send an oversized message.
    if (cut === 0) cut = limit;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** A reply as several messages that fit the channel; only the first mentions the asker. */
export function splitReply(reply: Reply, limit: number): Reply[] {
  return splitText(reply.text, limit).map((text, i) => ({
    ...reply,
    text,
    mentionUserId: i === 0 ? reply.mentionUserId : undefined,
  }));
}
