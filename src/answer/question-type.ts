/**
 * What kind of fact a question asks for, and whether a sentence carries that kind of fact.
 * Classic question answering matches the question's type to the answer's; a sentence about
 * the right topic without a date cannot answer "when".
 */
export type QuestionType = 'when' | 'where' | 'contact' | 'amount' | 'duration' | 'materials' | 'how' | 'yesno';

const ASKS: Array<[QuestionType, RegExp]> = [
  ['duration', /多久|多长时间|几天|几个月|几年|有效期|期限|多少天|多长/],
  ['when', /什么时候|啥时候|何时|几号|几月|哪天|哪几天|哪一天|几点|日期|截止|最晚|最迟|时间/],
  ['where', /在哪|哪里|哪儿|地点|地址|哪个楼|哪栋|房间|寄到|位置|在什么地方/],
  ['contact', /电话|联系方式|手机号|怎么联系|找谁|邮箱地址|qq群|微信群/i],
  ['amount', /多少钱|多少|金额|几块|费用|标准|比例|给多少|打多少|收费|价格/],
  ['materials', /材料|带什么|带啥|带哪些|证件|准备什么|准备啥|需要什么|要什么/],
  ['yesno', /能不能|可不可以|可以吗|能否|是否|要不要|需不需要|行不行|能.{1,12}吗|可以.{1,12}吗|要.{1,8}吗|正常吗/],
  ['how', /怎么|如何|怎样|咋|流程|步骤|方法|办理|申请|操作/],
];

const EVIDENCE: Record<QuestionType, RegExp> = {
  duration: /\d+\s*(?:个)?(?:工作日|天|周|个月|月|年|小时)|有效期|长期|当天|当场|即时/,
  when: /\d{1,2}月\d{1,2}日|\d{1,2}月(?:上|中|下)旬|\d{1,2}日前|\d+号|每(?:年|月|周)|周[一二三四五六日]|工作日|\d{1,2}:\d{2}|上午|下午|当月|次月|截止|起/,
  where: /楼|室|路|街|校区|大厅|地址|邮编|中心|窗口|办公室|医院|\d{3,}/,
  contact: /\d{3,4}-\d{7,8}|1[3-9]\d{9}|电话|@|群/,
  amount: /\d+(?:\.\d+)?\s*(?:元|万|%|块|倍)|标准|比例/,
  materials: /证|表|照片|复印件|原件|材料|卡|报告|书/,
  how: /登录|申请|提交|办理|填写|上传|下载|点击|进入|选择|携带|扫码|通过|联系|APP|app|平台|系统|栏目|模块/,
  yesno: /可以|不可以|不能|能|须|必须|需要|不需要|无需|不用|应当|不得|一律|不接受|不予|允许|只能/,
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

/** True when the unit or its headings label a field of the asked kind. */
export function labelMatch(types: QuestionType[], text: string): boolean {
  return types.some((t) => LABELS[t]?.test(text) ?? false);
}

/** True when the word only says what kind of fact is asked ("截止", "地址"), not about what. */
export function isTypeWord(types: QuestionType[], word: string): boolean {
  return types.some((t) => ASKS.find(([type]) => type === t)![1].test(word));
}

export function questionTypes(question: string): QuestionType[] {
  const q = question.normalize('NFKC');
  return ASKS.filter(([, pattern]) => pattern.test(q)).map(([type]) => type);
}

/** How well a sentence carries the kinds of fact asked for: 1 all, 0 none; 0.5 when nothing specific is asked. */
export function typeMatch(types: QuestionType[], sentence: string): number {
  const specific = types.filter((t) => t !== 'how' && t !== 'yesno');
  const relevant = specific.length > 0 ? specific : types;
  if (relevant.length === 0) return 0.5;
  return relevant.some((t) => EVIDENCE[t].test(sentence)) ? 1 : 0;
}
