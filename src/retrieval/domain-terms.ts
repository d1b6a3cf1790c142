/**
 * HR vocabulary that a general Chinese dictionary cuts wrongly, and the ways new staff
 * mistype or abbreviate it. Both sides (documents and questions) go through the same
 * rewrite, so a rewrite never hides text from a match.
 */
export const DOMAIN_WORDS = [
  '报到', '报到证', '现场报到', '线上报到', '入职', '入职体检', '体检报告', '聘用合同', '录用通知书', '录用通知',
  '人事档案', '调档函', '调档', '档案转递', '机要', '机要局', '档案审核', '三龄二历', '人事处', '人力资源部', '人事秘书',
  '周转公寓', '周转房', '租房补贴', '住房补贴', '住房公积金', '公积金', '安家费', '人才公寓', '博士后公寓',
  '社保', '社保中心', '医保', '医保卡', '社保卡', '医保电子凭证', '个人账户', '异地就医', '备案', '养老保险', '养老待遇', '资格认证',
  '起薪', '工资条', '发薪日', '工资卡', '借记卡', '校园卡', '一卡通', '统一身份认证', '电子签章', '工号', '博士后', '进站',
  '岗前培训', '新教工', '新进教职工', '教师资格', '学历认证', '离职证明', '无房证明', '人事服务平台', '电子邮箱', '邮箱',
];

/** Typos, homophones and colloquial names, rewritten before matching. Longest first. */
export const REWRITES: Array<[RegExp, string]> = [
  [/报道/g, '报到'],
  [/调挡|掉档|吊档/g, '调档'],
  [/档按|挡案/g, '档案'],
  [/被案/g, '备案'],
  [/博后/g, '博士后'],
  [/周转房/g, '周转公寓'],
  [/公基金/g, '公积金'],
  [/医疗保险/g, '医保'],
  [/社会保险/g, '社保'],
  [/\bhr\b/g, '人事'],
  [/\boffer\b/g, '录用通知'],
  [/\bemail\b|e-mail/g, '邮箱'],
  [/工资单/g, '工资条'],
  [/邮编/g, '邮政编码'],
  // The segmenter reads "没收到" as 没收 (confiscate) + 到.
  [/没收到/g, '没有收到'],
  [/(?<![携附连])带(?=什么|啥|哪些|上|齐|好|着|的材料)/g, '携带'],
  [/副教授|副研究员|副高职称|副高(?!级)/g, '副高级职称'],
  [/(?<![副正])(?:教授|研究员)(?!级)/g, '正高级职称'],
  [/第一笔工资|第一个月的?工资|头一个月的?工资/g, '首月工资'],
  // "什么时候开始算工资" is asking for 起薪.
  [/开始(?:算|计算|计发|发)工资|工资(?:从[^，。？]{0,4})?(?:开始)?(?:算|计算|计发)(?![^，。？]*起薪)/g, '起薪 '],
  [/申报/g, '申请'],
  [/薪水|薪资/g, '工资'],
  [/体检表/g, '体检报告'],
  // A trailing space keeps the segmenter from gluing the replacement to the next word.
  [/房间号?/g, '室 '],
  [/房租|租费/g, '租金 '],
  [/新进教职工|新入职教职工|新教职工|新进人员|新老师|新教师|新员工|新同事|新职工|新入职的?老师/g, '新教工 '],
];
