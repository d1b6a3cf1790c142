/**
 * What kind of fact a question asks for, and whether a sentence carries that kind of fact.
 * Classic question answering matches the question's type to the answer's; a sentence about
 * the right topic without a date cannot answer "when".
 */
export type QuestionType = 'when' | 'where' | 'contact' | 'amount' | 'duration' | 'materials' | 'how' | 'yesno';

const ASKS: Array<[QuestionType, RegExp]> = [
  ['duration', /多久|多长时间|几天|几个月|几年|有效期|期限|多少个?(?:工作日|天|周|月|年|小时|分钟)|多长/],
  // "日期"/"时间" ask "when" only with a question word ("报到日期是哪天"), not in "出生日期写错了".
  ['when', /什么时候|啥时候|何时|几号|几月|哪个月|哪天|哪几天|哪一天|几点|截止|最晚|最迟|(?:什么|啥|哪个)(?:日期|时间)|(?:日期|时间)(?:是|在)?(?:哪|几|什么|啥|多久)/],
  ['where', /在哪|哪里|哪儿|到哪|地点|地址|网址|链接|哪个楼|哪栋|房间|位置|在什么地方/],
  ['contact', /电话|联系方式|手机号|怎么联系|找谁|邮箱地址|qq群|微信群/i],
  // "电话（是）多少" asks for a number to dial and "多少天" for a duration, not an amount.
  ['amount', /多少钱|(?<!(?:电话|号码|手机号?|座机|邮编)是?)多少(?!天|个?工作日|个?月|年|周|个?小时|分钟)|金额|几块|费用|标准|比例|收费|价格/],
  ['materials', /材料|带什么|带啥|带哪些|证件|准备什么|准备啥|需要什么|要什么/],
  // A verb, 不 or 没, the verb again ("有没有", "算不算", "用不用") is how Chinese asks yes or no, and
  // so is a 不 that ends the question ("能报销不？").
  ['yesno', /能否|是否|可以吗|能.{1,12}吗|可以.{1,12}吗|要.{1,8}吗|正常吗|吗[？?]?$|(\p{Script=Han})[不没]\1|不[？?！!～~。\s]*$/u],
  ['how', /怎么|如何|怎样|咋|流程|步骤|方法|办理|申请|操作/],
];

// Evidence that a sentence carries the asked kind of fact: strong (an explicit date, amount,
// phone …) and weak (a vaguer mention that only sometimes answers).
const EVIDENCE: Record<QuestionType, { strong: RegExp; weak?: RegExp }> = {
  duration: { strong: /\d+\s*(?:个)?(?:工作日|天|周|个月|月|年|小时)|有效期/, weak: /长期|当天|当场|即时|立即/ },
  when: {
    strong: /\d{1,2}月\d{1,2}日|\d{1,2}月(?:上|中|下)旬|\d{1,2}日|\d{1,2}月|\d+号|\d{1,2}:\d{2}/,
    weak: /每(?:年|月|周)|周[一二三四五六日]|工作日|上午|下午|当月|次月|截止|起/,
  },
  where: { strong: /楼|室|路|街|校区|大厅|地址|邮编|窗口|办公室|医院/, weak: /中心|\d{3,}|平台|系统|网站|公众号|栏目|app|APP|http/ },
  contact: { strong: /\d{3,4}-\d{7,8}|1[3-9]\d{9}|@/, weak: /电话|群/ },
  amount: { strong: /\d+(?:\.\d+)?\s*(?:元|万|%|块|倍)/, weak: /标准|比例/ },
  materials: { strong: /证|表|照片|复印件|原件|卡|报告|书/ },
  how: { strong: /登录|申请|提交|办理|填写|上传|下载|点击|进入|选择|携带|扫码|通过|联系|APP|app|平台|系统|栏目|模块/ },
  yesno: { strong: /可以|不可以|不能|能|须|必须|需要|不需要|无需|不用|应当|不得|一律|不接受|不予|允许|只能/ },
};

// Words that label a field of the asked kind in a heading or a table column ("办理地点", "截止时间").
const LABELS: Partial<Record<QuestionType, RegExp>> = {
  when: /时间|日期|截止|期限|安排/,
  where: /地点|地址|位置/,
  contact: /电话|联系|咨询/,
  amount: /标准|金额|费用|租金|补贴|比例/,
  duration: /期限|有效期|时长/,
  materials: /材料|证件/,
};

/** The kinds of fact a phrase names by a field's label ("报到时间" a date, "办理地点" a place). */
export function labelledTypes(text: string): QuestionType[] {
  return (Object.keys(LABELS) as QuestionType[]).filter((t) => LABELS[t]!.test(text));
}

/** True when the unit or its headings label a field of the asked kind. */
export function labelMatch(types: QuestionType[], text: string): boolean {
  return types.some((t) => LABELS[t]?.test(text) ?? false);
}

// Words that only say what kind of fact is asked, never what about.
const TYPE_WORDS: Partial<Record<QuestionType, string[]>> = {
  when: ['时间', '日期', '截止', '几号', '几月', '哪个月', '哪天', '几点', '最晚', '最迟', '时候'],
  // The category an interrogative asks for ("哪个教室") is never the answer's own word.
  where: ['地点', '地址', '网址', '链接', '位置', '在哪', '地方', '教室', '房间', '楼'],
  contact: ['电话', '联系方式', '手机号', '号码', '邮编'],
  amount: ['多少', '金额', '费用', '标准', '比例'],
  duration: ['多久', '期限', '有效期', '几天', '几年', '几个月', '多长时间', '时长'],
  // "要带什么", "要准备啥": the verb asks for a list; the list's heading says 材料, not 携带.
  materials: ['携带', '准备'],
};

/** True when the word only says what kind of fact is asked ("截止", "地址"), not about what. */
export function isTypeWord(types: QuestionType[], word: string): boolean {
  return types.some((t) => TYPE_WORDS[t]?.includes(word) ?? false);
}

/** Words a passage of the asked kind tends to carry, to widen retrieval a little. */
export function typeHints(types: QuestionType[]): string[] {
  const hints: Partial<Record<QuestionType, string>> = {
    when: '时间 日期', where: '地点 地址', contact: '电话 联系', amount: '标准 金额', duration: '期限 工作日', materials: '材料',
  };
  return types.flatMap((t) => hints[t]?.split(' ') ?? []);
}

export function questionTypes(question: string): QuestionType[] {
  const q = question.normalize('NFKC');
  return ASKS.filter(([, pattern]) => pattern.test(q)).map(([type]) => type);
}

/** True when the sentence carries strong evidence of the kind of fact. */
export function carries(type: QuestionType, sentence: string): boolean {
  return EVIDENCE[type].strong.test(sentence);
}

/** The kinds of fact that name a specific thing (a date, a place …), not "how" or "yes/no". */
export function specificTypes(types: QuestionType[]): QuestionType[] {
  return types.filter((t) => t !== 'how' && t !== 'yesno');
}

/** How a sentence carries the asked kinds of fact: explicitly, vaguely, not at all; "unasked" when none is asked. */
export function typeEvidence(types: QuestionType[], sentence: string): 'strong' | 'weak' | 'none' | 'unasked' {
  if (types.length === 0) return 'unasked';
  if (types.some((t) => EVIDENCE[t].strong.test(sentence))) return 'strong';
  if (types.some((t) => EVIDENCE[t].weak?.test(sentence) ?? false)) return 'weak';
  return 'none';
}
