import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { matchForm } from '../knowledge/normalize.js';
import { DOMAIN_WORDS, REWRITES } from './domain-terms.js';

// Words that say nothing about what is asked: particles, pronouns, politeness, and the
// question words (the question's type is read separately, from the raw text).
const STOPWORDS = new Set(
  `的 了 是 在 我 你 他 她 它 我们 你们 他们 咱 咱们 这 那 这个 那个 这些 那些 这里 那里 啊 呀 吗 呢 吧 哈 哦 噢 嗯 么 嘛 啦 哇
  请问 请 问 问下 想问 想 一下 下 麻烦 谢谢 您好 你好 老师 同学 大家 有 没有 没 能 能不能 可以 可不可以 要 需要 需不需要 会 会不会 是不是 还 还是 也 都 就 又 和 与 及 或 或者 跟 对 把 被 给 让 从 到 向 在 于 为 为了 因为 所以 如果 但是 而且 并且 以及 等 等等
  什么 怎么 怎么样 怎样 如何 哪 哪里 哪儿 哪个 哪些 几 多少 多久 多长时间 何时 什么时候 啥 咋 咋办 怎么办 为什么 为啥 是否 吗 呢
  教职工 新人 员工 职工 过去 过来 回来 回去 出来 起来 下去 下来 进去 多少钱 几块钱 今年 明年 去年 今天 明天 本月 这个月 下个月 上个月 一个 一个月 每个月 这周 下周
  叫 叫啥 叫什么 听说 据说 不来 回不来 来不了 去不了 发我 发给我 每个 主要 一样 不一样 一下子 赶不上
  行不行 好不好 对不对 有没有 是不是 能不能 要不要 会不会 好像 似乎 感觉 外面 这边 那边 这期间 期间 一直 直接 马上 赶紧 有点 其实 真的 东西
  一 个 些 点 很 太 比较 非常 挺 最 更 再 才 刚 已经 现在 目前 之前 以后 之后 时候 时 的话 一般 大概 具体 实在 应该 得 地 着 过 上 中 里 后 前 内 外 去 来 说 看 知道 觉得 办 弄 搞 整 行 好 用 做 该 这样 那样 还有 然后 所有 每 各 其他 自己 本人 情况 问题 事 事情`
    .split(/\s+/)
    .filter(Boolean),
);

let shared: Jieba | undefined;

function jieba(): Jieba {
  if (!shared) {
    // The package's own dictionary file, read here and dropped once parsed: its `dict.js` export
    // also reads the 6 MB keyword-extraction table, and keeps both buffers (11 MB) for good.
    shared = Jieba.withDict(readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')));
    shared.loadDict(Buffer.from(DOMAIN_WORDS.map((w) => `${w} 200000 n`).join('\n')));
  }
  return shared;
}

// Any rewrite's pattern, in one expression tested first: nine texts in ten match none, and one
// test costs less than half of the thirty replace passes. When none matches, no pass can
// change the text, so the result is the same.
const ANY_REWRITE = new RegExp(REWRITES.map(([pattern]) => `(?:${pattern.source})`).join('|'));

/** The matching form of a text with the domain rewrites applied. */
export function canonical(text: string): string {
  let out = matchForm(text);
  if (!ANY_REWRITE.test(out)) return out;
  for (const [pattern, replacement] of REWRITES) out = out.replace(pattern, replacement);
  return out;
}

const WORD = /[\p{Script=Han}a-z0-9]/u;

/**
 * Words of a text for search: Chinese words and their sub-words ("周转公寓" also gives
 * "周转", "公寓"), ASCII words and numbers; stopwords are dropped before they are split,
 * so a stopword's pieces do not come back.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const j = jieba();
  for (const raw of j.cut(canonical(text), true)) {
    const word = raw.trim();
    if (!word || !WORD.test(word) || STOPWORDS.has(word)) continue;
    if ([...word].length <= 2) {
      tokens.push(word);
      continue;
    }
    for (const part of j.cutForSearch(word, true)) {
      if (part === word || !STOPWORDS.has(part)) tokens.push(part);
    }
  }
  return tokens;
}

/** Distinct content words of a question, in order, with their parts of speech. */
export function contentWords(text: string): Array<{ word: string; tag: string }> {
  const seen = new Set<string>();
  const out: Array<{ word: string; tag: string }> = [];
  for (const { word, tag } of jieba().tag(canonical(text), true)) {
    const w = word.trim();
    if (!w || !WORD.test(w) || STOPWORDS.has(w) || seen.has(w)) continue;
    seen.add(w);
    out.push({ word: w, tag });
  }
  return out;
}

const DOMAIN = new Set(DOMAIN_WORDS);

/** True for a word of the HR vocabulary (报到, 调档函, 周转公寓 …). */
export function isDomainWord(word: string): boolean {
  return DOMAIN.has(word);
}
