import { fnv1a } from '../core/hash.js';
import type { EscalationReason } from '../core/types.js';

/**
 * Questions a bot must not answer from documents, recognised by their wording: asking for a
 * person, asking about one's own case (only staff can look it up), and complaints.
 */
const PATTERNS: Array<[EscalationReason, RegExp[]]> = [
  [
    'human_request',
    [
      // "人工" as the human service ("有人工吗", "转人工"); not inside "个人工资", "外国人工作许可",
      // "周末有人工作吗".
      /(?:有|转|找|要|接|换|叫)人工(?!作|资|龄|号|伤|时)|人工(?:客服|服务|回复|处理|在吗|吗|呢)|真人|活人|找个人|叫个人/,
      /(?:跟|和|与|找|联系|约)[^，。？！,.?!]{0,10}(?:人事秘书|老师|工作人员|负责人|人事处|人事科|人力资源部|秘书|hr)[^，。？！,.?!]{0,6}(?:聊|谈|说|沟通|联系|见面|通话|打电话)/,
      /(?:帮|给)我(?:转|约|联系|接通)(?:一下)?(?:人|人工|人事|老师|秘书|负责)?/,
      // "转人事秘书" asks for a person; "转人事关系", "转正", "转岗" do not, so 转 must name one.
      /(?:麻烦|请)?(?:帮忙)?转(?:一下|给|接)(?:人事秘书|人工|老师|负责人)?|转(?:给|接)?(?:人事秘书|秘书|老师|负责人|工作人员)/,
      /不想(?:跟|和)(?:机器人?|你|ai)(?:聊|说)|别(?:再)?(?:自动)?回复了|别让(?:ai|机器人?)回/,
      /我(?:直接|自己)(?:去)?找(?:她|他|你们|人事秘书|老师|人)/,
      // Someone to get in touch with me: "请让档案室的老师联系我", "叫你们科长来跟我说", "给我回个电话".
      // Not "请问老师几号来报到": the person must be asked to turn to the asker.
      /(?:让|叫|请(?!问))[^，。？！,.?!]{0,12}(?:老师|秘书|科长|处长|主任|负责人|工作人员|hr)[^，。？！,.?!]{0,6}(?:联系我|打给我|给我打|回我|私聊我|(?:来)?(?:跟|和|找)我)/,
      // "叫你们负责人来！": someone sent for, the sentence ending there.
      /(?:叫|让)(?:你们)?[^，。？！,.?!]{0,6}(?:老师|秘书|科长|处长|主任|负责人|领导|工作人员|hr)过?来(?:[吧啊]|[！!。]|$)/,
      /(?:给|回)我[^，。？！,.?!]{0,3}(?:回|打)?个?电话|(?:找|跟|和|要)[^，。？！,.?!]{0,8}(?:老师|秘书|hr|负责人)本人|当面(?:聊|谈|说|沟通)|微信推给我/,
    ],
  ],
  [
    'complaint',
    [
      /投诉|举报|差评|不满意/,
      /态度[^，。？！]{0,4}(?:差|恶劣|不好|冷漠)|什么(?:服务)?态度|没人(?:接|理|回)/,
      /效率[^，。？！]{0,4}(?:低|差|慢)|太慢了|拖了?这么久|不耐烦|什么破|垃圾|气死/,
      // Indignation rather than a question: "凭什么", "太离谱", "服了", "有没有人管". Not words a
      // plain question uses too ("电话打不通怎么办", "扣款不合理吗").
      /凭(?:什么|啥)|太(?:不合理|不公平|过分|失望|不像话)|离谱|无语|服了|烦死|折腾死|坑人|形式主义|不尊重|很生气|答非所问|浪费[^，。？！]{0,2}时间|有没有人管|能不能管管|不是人吗/,
    ],
  ],
  [
    'personal_case',
    [
      /(?:帮|给)(?:我|忙)[^，。？！]{0,6}(?:查|看|核对|核实|确认|撤回|撤销|修改|改|催)/,
      /我的[^，。？！]{0,12}(?:到了没|到没到|到了吗|怎么还没|进度|审核结果|办好了没)/,
      /(?:少了|少发|多扣|扣了我|算错|搞错|弄错|没到账)/,
      /(?:交上|到账|批下来|审核通过)没(?:有)?/,
      /撤回/,
      // "我上个月的租房补贴怎么没发", "我的调档函什么时候能批下来": the status of one's own case.
      /我(?:的|上个月|这个月|本月)[^，。？！]{0,12}(?:怎么|为什么|为啥)(?:还)?没(?:发|到|收到|下来|通过|批)/,
      /我的[^，。？！]{0,10}(?:什么时候|啥时候|多久|怎么还)[^，。？！]{0,4}(?:批下来|批好|审核完|审完|办好|到账)/,
    ],
  ],
];

/** The intents the learned model tells apart from ordinary questions. */
export const INTENTS = ['human_request', 'personal_case', 'complaint'] as const;
export type Intent = (typeof INTENTS)[number];

// Character n-grams hashed into a fixed number of buckets: phrasings ("找个真人", "让老师回电话")
// are learned from the corpus without a vocabulary to store. With 256, each bucket held so many
// n-grams that "有人工吗" could not be learned apart from its neighbours; 512 was chosen out of
// fold on the train split (intents caught 402 of 476 against 387, ordinary questions taken for
// one 7 of 1,860 against 21). 1,024 did a little better (407, 3) but made training 5 minutes longer.
const BUCKETS = 512;
const MAX_CHARS = 120;

/** How many rule-family flags lead the intent features. */
export const INTENT_RULE_COUNT = PATTERNS.length;

/** Feature names of the intent model: one flag per rule family, then the n-gram buckets. */
export const INTENT_FEATURE_NAMES = [...PATTERNS.map(([reason]) => `rule_${reason}`), ...Array.from({ length: BUCKETS }, (_, i) => `ngram_${i}`)];

/** The intent model's input: which rule families match, and which 1–3 character n-grams occur. */
export function intentFeatures(text: string): Float64Array {
  const t = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '').slice(0, MAX_CHARS);
  const out = new Float64Array(INTENT_FEATURE_NAMES.length);
  PATTERNS.forEach(([, patterns], i) => {
    out[i] = Number(patterns.some((p) => p.test(t)));
  });
  const chars = [...t];
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= chars.length; i++) out[PATTERNS.length + (fnv1a(chars.slice(i, i + n).join('')) % BUCKETS)] = 1;
  }
  return out;
}
