import type { EscalationReason } from '../core/types.js';

/**
 * Questions a bot must not answer from documents, recognised by their wording: asking for a
 * person, asking about one's own case (only staff can look it up), and complaints.
 */
const PATTERNS: Array<[EscalationReason, RegExp[]]> = [
  [
    'human_request',
    [
      /转人工|人工客服|人工服务|真人|找个人/,
      /(?:跟|和|与|找|联系|约)[^，。？！,.?!]{0,10}(?:人事秘书|老师|工作人员|负责人|人事处|人事科|人力资源部|秘书)[^，。？！,.?!]{0,6}(?:聊|谈|说|沟通|联系|见面|通话|打电话)/,
      /(?:帮|给)我(?:转|约|联系|接通)(?:一下)?(?:人|人工|人事|老师|秘书|负责)?/,
      /(?:麻烦|请)?(?:帮忙)?转(?:一下|给|接)(?:人事秘书|人工|老师|负责人)?/,
      /不想(?:跟|和)(?:机器人|你)(?:聊|说)/,
      /我(?:直接|自己)(?:去)?找(?:她|他|你们|人事秘书|老师|人)/,
    ],
  ],
  [
    'complaint',
    [
      /投诉|举报|差评|不满意/,
      /态度[^，。？！]{0,4}(?:差|恶劣|不好|冷漠)|什么(?:服务)?态度|没人(?:接|理|回)/,
      /效率[^，。？！]{0,4}(?:低|差|慢)|太慢了|拖了?这么久|不耐烦|什么破|垃圾|气死/,
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

export function detectIntent(text: string): EscalationReason | undefined {
  const t = text.normalize('NFKC');
  for (const [reason, patterns] of PATTERNS) {
    if (patterns.some((p) => p.test(t))) return reason;
  }
  return undefined;
}
