/**
 * A synthetic HR-onboarding knowledge base for `npm run bench`.
 *
 * Every document is built from templates filled with invented facts (units, rooms, dates,
 * amounts, phone numbers) drawn from a seeded PRNG, so two runs with the same seed write the
 * same files and their figures are comparable. Alongside the files it returns questions about
 * the facts it wrote (answerable-looking) and questions the knowledge base cannot answer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: small, fast and good enough to vary template text. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Category = 'checkin' | 'archives' | 'housing' | 'insurance' | 'payroll' | 'general';

export interface BenchQuestion {
  text: string;
  kind: 'fact' | 'offtopic' | 'human';
  /** The document the fact came from (fact questions only). */
  docPath?: string;
  /** A string the reply should hold if the fact was found (fact questions only). */
  fact?: string;
}

export interface CorpusOptions {
  dir: string;
  seed: number;
  markdownDocs: number;
  newsDocs: number;
  htmlDocs: number;
}

export interface CorpusSummary {
  files: { markdown: number; news: number; html: number };
  bytes: number;
  questions: BenchQuestion[];
}

const COLLEGES = [
  '数学与统计学院', '物理与电子工程学院', '化学化工学院', '生命科学学院', '海洋科学学院', '计算机与信息学院',
  '机械工程学院', '土木建筑学院', '经济学院', '管理学院', '法学院', '文学院', '外国语学院', '历史文化学院',
  '马克思主义学院', '教育科学学院', '艺术学院', '体育学院', '医学院', '药学院', '公共卫生学院', '环境科学学院',
  '材料科学与工程学院', '新闻传播学院', '哲学系', '图书馆', '档案馆', '后勤服务集团', '附属第一医院', '附属中学',
];
const BUILDINGS = ['明德楼', '致远楼', '求是楼', '博学楼', '笃行楼', '格物楼', '启航楼', '行政楼', '综合楼', '学术交流中心'];
const CAMPUSES = ['本部校区', '海湾校区', '东山校区', '湖滨校区', '科技园校区'];
const APARTMENTS = ['澄园', '清园', '栖园', '望海园', '枫林苑', '桂苑', '竹苑', '梅苑', '青年公寓', '专家公寓'];
const HOSPITALS = ['屿州市第一人民医院', '屿州市第二人民医院', '屿州市中医院', '屿州大学附属医院', '海湾区人民医院', '屿州市妇幼保健院'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '林', '郭', '何', '高', '罗'];
const OFFICES = ['人事科', '师资科', '薪酬科', '人事档案室', '博士后管理办公室', '社会保障科', '综合办公室', '人才引进办公室'];
const ROLES = ['专任教师', '博士后', '实验技术人员', '管理人员', '辅导员', '人事代理人员', '外籍教师', '科研助理'];
const TITLES = ['正高级职称', '副高级职称', '中级职称', '博士学位', '硕士学位', '初级职称'];
const MATERIALS = [
  '身份证原件及复印件', '学历学位证书原件', '学信网学历认证报告', '教育部留学服务中心学位认证书', '近期免冠证件照2张',
  '入职体检报告', '原单位解聘或离职证明', '户口迁移证', '婚姻状况证明', '无房证明', '银行卡复印件', '聘用合同一式三份',
  '党组织关系介绍信', '博士后出站证明', '职称资格证书', '社保缴费记录', '公积金账户信息', '个人简历',
];
const STEPS = [
  '登录新进人员报到系统填写个人信息', '上传材料扫描件等待人事秘书审核', '领取调档函并寄往原存档单位',
  '到指定医院完成入职体检', '持原件到现场核验并签订聘用合同', '到校园卡中心领取校园卡', '在信息中心开通统一身份认证账号',
  '到所在单位报到并领取办公用品', '参加岗前培训', '在薪酬科确认起薪日期', '办理社保和公积金开户', '提交住房申请',
];
const OFFTOPIC = [
  '食堂几点开门', '今天屿州天气怎么样', '怎么申请国家自然科学基金', '图书馆能借几本书', '学校附近有什么好吃的',
  '校车时刻表在哪里看', '研究生招生考试什么时候', '怎么预约体育馆羽毛球场', '学校有没有幼儿园', '实验室危化品怎么采购',
  '期末考试安排在哪查', '怎么发表SCI论文', '去机场怎么坐地铁', '学校邮箱容量多大', '教室多媒体坏了找谁',
  '能推荐一下屿州的旅游景点吗', '宿舍可以养猫吗', 'Python怎么安装', '明天会下雨吗', '学校的校训是什么',
  '教学评估什么时候开始', '怎么报销差旅费', '科研经费怎么报账', '停车证怎么办', '游泳馆开放时间',
];
const HUMAN = [
  '转人工', '我要找人事秘书', '人工客服在吗', '我的档案到了没', '我工资怎么少了', '为什么我的公积金还没到账',
  '你们办事效率太低了，我要投诉', '我的调档函什么时候能批下来', '我上个月的租房补贴怎么没发', '帮我查一下我的社保交了没有',
];

const CATEGORY_OF: Record<string, Category> = {
  checkin: 'checkin', archives: 'archives', housing: 'housing', insurance: 'insurance', payroll: 'payroll', general: 'general',
};

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

class Facts {
  constructor(private readonly rand: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }
  some<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.rand() * copy.length), 1)[0]!);
    return out;
  }
  phone(): string {
    return `0595-68${this.int(100000, 999999)}`;
  }
  mobile(): string {
    return `1${this.pick(['35', '38', '39', '58', '77', '86', '89'])}${String(this.int(0, 99999999)).padStart(8, '0')}`;
  }
  room(): string {
    return `${this.pick(BUILDINGS)}${this.int(1, 9)}${String(this.int(1, 30)).padStart(2, '0')}室`;
  }
  date(year: number): { iso: string; zh: string } {
    const m = this.int(1, 12);
    const d = this.int(1, 28);
    return { iso: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, zh: `${m}月${d}日` };
  }
  person(): string {
    return `${this.pick(SURNAMES)}老师`;
  }
}

interface Section {
  heading: string;
  lines: string[];
}

interface Doc {
  title: string;
  category: Category;
  sections: Section[];
  questions: Array<{ text: string; fact: string }>;
}

/** One document's worth of invented facts about one unit's onboarding topic. */
function buildDoc(f: Facts, index: number): Doc {
  const college = f.pick(COLLEGES);
  const year = f.pick([2023, 2024, 2025, 2026]);
  const topic = f.pick(['checkin', 'archives', 'housing', 'insurance', 'payroll', 'general'] as const);
  const office = f.pick(OFFICES);
  const room = f.room();
  const phone = f.phone();
  const person = f.person();
  const campus = f.pick(CAMPUSES);
  const start = f.date(year);
  const end = f.date(year);
  const batch = `第${f.int(1, 9)}批`;
  const questions: Array<{ text: string; fact: string }> = [];
  const sections: Section[] = [];
  let title: string;

  switch (topic) {
    case 'checkin': {
      title = `${college}${year}年${batch}新进教职工报到须知（${index}）`;
      sections.push({ heading: '一、报到时间', lines: [
        `${college}${year}年${batch}新进教职工现场报到时间为${start.zh}至${end.zh}，每天上午8:30—11:30、下午14:30—17:00，节假日不办理。`,
        `未能按时报到的，须提前向${office}书面说明原因，经同意后可延期，延期最长不超过${f.int(10, 60)}天。`,
      ] });
      sections.push({ heading: '二、报到地点', lines: [
        `现场报到地点设在${campus}${room}，由${person}负责接待。`,
        `到${campus}可乘坐校内${f.int(1, 12)}路校车，在“${f.pick(BUILDINGS)}站”下车后步行约${f.int(2, 10)}分钟。`,
      ] });
      const mats = f.some(MATERIALS, f.int(5, 8));
      sections.push({ heading: '三、需携带的材料', lines: mats.map((m, i) => `${i + 1}. ${m}；`) });
      const steps = f.some(STEPS, f.int(5, 7));
      sections.push({ heading: '四、报到流程', lines: steps.map((s, i) => `${i + 1}. ${s}。`) });
      sections.push({ heading: '五、线上报到系统', lines: [
        `请在${start.zh}前登录“青屿大学新进人员报到系统”完成信息填报，系统开放时间为每天7:00至23:00。`,
        `材料审核一般在${f.int(1, 5)}个工作日内完成，审核结果会以短信通知，未通过的请按退回意见修改后重新提交。`,
      ] });
      questions.push({ text: `${college}报到地点在哪里呀`, fact: room });
      questions.push({ text: `请问${college}${year}年${batch}什么时候报道`, fact: start.zh });
      questions.push({ text: `${college}报到要带什么材料`, fact: mats[0]! });
      break;
    }
    case 'archives': {
      title = `${college}新进人员人事档案转递与调档函办理说明（${index}）`;
      const days = f.int(2, 10);
      sections.push({ heading: '一、调档函的开具', lines: [
        `新进人员在报到系统提交调档申请后，${office}在${days}个工作日内出具调档函，可在系统中下载电子版。`,
        `需要纸质调档函的，请到${room}领取，领取时须出示身份证，联系人${person}。`,
      ] });
      sections.push({ heading: '二、档案寄送地址', lines: [
        `档案须由原存档单位通过机要方式寄送，个人不得自带档案。收件地址：青屿大学${campus}${room}，${office}收，邮编${f.int(361000, 361999)}。`,
        `寄送时请在档案袋封面注明“${college}新进人员档案”字样。`,
      ] });
      sections.push({ heading: '三、档案审核', lines: [
        `档案到校后，${office}在${f.int(5, 20)}个工作日内完成审核。重点核查出生日期、参加工作时间、学历学位和入党材料。`,
        `审核发现材料缺失的，将通知本人在${f.int(15, 60)}天内补齐，逾期未补齐的暂缓办理转正定级。`,
      ] });
      sections.push({ heading: '四、常见材料缺失', lines: [
        '| 缺失材料 | 补充方式 |',
        '|---|---|',
        `| 学籍档案 | 联系毕业院校档案馆补寄，约需${f.int(5, 20)}个工作日 |`,
        `| 入党材料 | 由原党组织出具证明并加盖公章 |`,
        `| 工资审批表 | 由原单位人事部门补开，电话联系${phone} |`,
      ] });
      questions.push({ text: `${college}调档函多久能开出来`, fact: `${days}个工作日` });
      questions.push({ text: `${college}的档案寄到哪里`, fact: room });
      break;
    }
    case 'housing': {
      const apt = f.pick(APARTMENTS);
      const rent = f.int(6, 40) * 50;
      const subsidy = f.int(4, 30) * 100;
      const months = f.pick([12, 24, 36, 48, 60]);
      title = `${apt}周转公寓与租房补贴申请指南（${college}·${index}）`;
      sections.push({ heading: '一、周转公寓房源', lines: [
        `${apt}周转公寓位于${campus}，共${f.int(2, 12)}栋${f.int(100, 900)}套，户型为一室一厅和两室一厅，配有空调、热水器和基本家具。`,
        `${year}年可供新进教职工申请的房源约${f.int(10, 120)}套，按报到先后顺序安排。`,
      ] });
      sections.push({ heading: '二、租金标准', lines: [
        '| 户型 | 月租金 | 押金 |',
        '|---|---|---|',
        `| 一室一厅 | ${rent}元/月 | ${rent * 2}元 |`,
        `| 两室一厅 | ${rent + f.int(2, 10) * 50}元/月 | ${(rent + 300) * 2}元 |`,
        `水电费按实际用量另行缴纳，租金从工资中按月代扣。`,
      ] });
      sections.push({ heading: '三、入住期限', lines: [
        `周转公寓最长可住${months}个月，期满须按时退房；确有困难的可申请延期一次，延期不超过${f.int(3, 12)}个月。`,
      ] });
      sections.push({ heading: '四、租房补贴', lines: [
        `未入住周转公寓且在屿州市无自有住房的，可申请租房补贴，标准为${subsidy}元/月，最长发放${months}个月。`,
        `补贴与周转公寓只能二选一，申请时须上传本人及配偶的无房证明。`,
      ] });
      sections.push({ heading: '五、住房公积金', lines: [
        `住房公积金自起薪当月开始缴存，单位和个人缴存比例均为${f.pick([5, 8, 10, 12])}%，由${office}统一办理开户。`,
        `公积金余额和提取可在“屿州公积金”APP查询，咨询电话${phone}。`,
      ] });
      questions.push({ text: `${apt}周转公寓租金多少`, fact: `${rent}元` });
      questions.push({ text: `${apt}周转公寓最多能住多久`, fact: `${months}个月` });
      questions.push({ text: `${apt}在哪个校区`, fact: campus });
      break;
    }
    case 'insurance': {
      const hospital = f.pick(HOSPITALS);
      const ratio = f.int(70, 95);
      title = `${college}新进教职工社会保险与医保办理指南（${year}·${index}）`;
      sections.push({ heading: '一、参保时间', lines: [
        `新进教职工自报到次月起由学校统一办理养老保险、职业年金和医疗保险参保，${office}在每月${f.int(5, 25)}日前集中申报。`,
        `在原单位已参保的，须先在原单位办理减员，否则无法增员。`,
      ] });
      sections.push({ heading: '二、医保报销比例', lines: [
        '| 就医类别 | 报销比例 | 起付线 |',
        '|---|---|---|',
        `| 门诊 | ${ratio - 20}% | ${f.int(5, 20) * 100}元 |`,
        `| 住院（三级医院） | ${ratio}% | ${f.int(5, 15) * 100}元 |`,
        `| 住院（一二级医院） | ${Math.min(ratio + 5, 98)}% | ${f.int(2, 5) * 100}元 |`,
      ] });
      sections.push({ heading: '三、定点医院', lines: [
        `${college}教职工的首选定点医院为${hospital}，校医院${campus}门诊部可以直接刷医保卡。`,
        `异地就医须先在“国家医保服务平台”APP办理备案，未备案的按${f.int(40, 70)}%比例报销。`,
      ] });
      sections.push({ heading: '四、养老认证', lines: [
        `退休人员每年须在${start.zh}前完成一次养老待遇资格认证，可通过“屿州人社”APP人脸识别完成，也可到${room}现场认证。`,
      ] });
      questions.push({ text: `${college}住院报销比例是多少`, fact: `${ratio}%` });
      questions.push({ text: `${college}的定点医院是哪家`, fact: hospital });
      break;
    }
    case 'payroll': {
      const payDay = f.int(5, 20);
      const base = f.int(30, 90) * 100;
      title = `${college}新进人员起薪与工资发放说明（${year}·${index}）`;
      sections.push({ heading: '一、起薪时间', lines: [
        `报到日期在当月${f.int(10, 20)}日（含）以前的，当月起薪；之后报到的，次月起薪。起薪由${office}核定。`,
        `首月工资一般在起薪次月的${payDay}日随当月工资一并发放，并补发起薪当月的工资。`,
      ] });
      sections.push({ heading: '二、工资构成', lines: [
        '| 项目 | 标准 | 说明 |',
        '|---|---|---|',
        `| 岗位工资 | ${base}元/月起 | 按聘用岗位等级确定 |`,
        `| 薪级工资 | ${f.int(5, 30) * 100}元/月起 | 按任职年限确定 |`,
        `| 绩效工资 | 按${college}考核结果发放 | 每季度一次 |`,
      ] });
      sections.push({ heading: '三、工资卡', lines: [
        `工资统一发放至${f.pick(['中国银行', '工商银行', '建设银行', '农业银行', '兴业银行'])}${campus}支行的工资卡，请在报到后${f.int(3, 15)}个工作日内到${room}提交银行卡复印件。`,
      ] });
      sections.push({ heading: '四、个人所得税', lines: [
        `个人所得税由学校代扣代缴，专项附加扣除请在“个人所得税”APP中填报，每年${f.int(1, 3)}月前确认。`,
      ] });
      questions.push({ text: `${college}几号发工资`, fact: `${payDay}日` });
      questions.push({ text: `${college}岗位工资多少钱`, fact: `${base}元` });
      break;
    }
    default: {
      const role = f.pick(ROLES);
      title = `${college}${role}入职常见问题汇编（${year}·${index}）`;
      sections.push({ heading: '一、校园卡', lines: [
        `新进${role}报到后到${campus}校园卡中心（${room}）办理校园卡，工本费${f.int(0, 4) * 10}元，办理时间为工作日${f.int(8, 9)}:00—${f.int(16, 17)}:30。`,
      ] });
      sections.push({ heading: '二、统一身份认证账号', lines: [
        `统一身份认证账号为工号，初始密码为身份证号后${f.pick([6, 8])}位，首次登录须修改密码。OA、邮箱和VPN均使用该账号。`,
      ] });
      sections.push({ heading: '三、岗前培训', lines: [
        `${year}年${role}岗前培训安排在${start.zh}至${end.zh}，地点为${room}，共${f.int(16, 64)}学时，考核合格后颁发培训合格证。`,
      ] });
      sections.push({ heading: '四、职称与待遇', lines: [
        '| 类别 | 安家费 | 科研启动经费 |',
        '|---|---|---|',
        ...f.some(TITLES, 3).map((t) => `| ${t} | ${f.int(5, 50)}万元 | ${f.int(5, 100)}万元 |`),
      ] });
      questions.push({ text: `${college}${role}校园卡在哪办`, fact: room });
      questions.push({ text: `${college}${role}岗前培训什么时候`, fact: start.zh });
    }
  }

  // Every document closes with the same kinds of sections, as real HR pages do.
  sections.push({ heading: '注意事项', lines: [
    `以上安排如有调整，以${office}在人力资源部网站发布的最新通知为准。${f.pick([
      '请勿轻信非官方渠道的信息。', '材料不全的将不予受理，请提前核对。', '逾期未办理的后果由本人承担。',
      '外籍人员另有规定的，从其规定。', '博士后人员的有关事项由博士后管理办公室另行通知。',
    ])}`,
    `办理过程中遇到问题，可在工作时间致电${phone}，或发送邮件至hr${f.int(100, 999)}@qingyu-univ.example。`,
  ] });
  sections.push({ heading: '常见问题', lines: [
    `问：${f.pick(['可以委托他人办理吗？', '材料可以后补吗？', '周末能办理吗？', '可以线上办理吗？'])}`,
    `答：${f.pick([
      `可以，受托人须携带委托书和双方身份证，到${room}办理。`,
      `部分材料可在报到后${f.int(7, 30)}天内补交，但身份证和学历证书须现场核验。`,
      `周末和法定节假日不办理，${start.zh}当周周六上午安排一次集中办理。`,
      `可以，登录报到系统上传扫描件即可，原件在现场报到时核验。`,
    ])}`,
  ] });
  sections.push({ heading: '咨询方式', lines: [
    `${office}：${room}，联系人${person}，电话${phone}，手机${f.mobile()}（工作日）。`,
  ] });
  // Pad with short procedural sections until about nine, so chunk counts are predictable.
  while (sections.length < 9) {
    const n = sections.length;
    sections.push({ heading: `附${CHINESE_NUMERALS[n] ?? n}、${f.pick(['办理时限', '办理依据', '温馨提示', '相关链接', '下载表格'])}`, lines: [
      `${f.pick(STEPS)}，一般需要${f.int(1, 15)}个工作日。${f.pick(MATERIALS)}请提前准备，复印件使用A4纸。`,
      `相关表格可在人力资源部网站“下载中心”栏目获取，编号HR-${year}-${String(f.int(1, 999)).padStart(3, '0')}。`,
    ] });
  }
  return { title, category: CATEGORY_OF[topic]!, sections, questions };
}

function markdown(doc: Doc, f: Facts, index: number): string {
  const updated = f.date(f.pick([2024, 2025])).iso;
  const body = doc.sections.map((s) => `## ${s.heading}\n\n${s.lines.join('\n')}\n`).join('\n');
  return [
    '---',
    `title: ${doc.title}`,
    `category: ${doc.category}`,
    `updated: ${updated}`,
    `source: https://hr.qingyu-univ.example/bench/${doc.category}/${index}.html`,
    '---',
    '',
    `# ${doc.title}`,
    '',
    body,
  ].join('\n');
}

function html(doc: Doc, f: Facts, index: number): string {
  const date = f.date(f.pick([2024, 2025])).iso;
  const section = (s: Section) => {
    const table = s.lines.filter((l) => l.startsWith('|') && !/^\|-/.test(l));
    const prose = s.lines.filter((l) => !l.startsWith('|'));
    const rows = table.map((l) => `<tr>${l.split('|').slice(1, -1).map((c) => `<td>${c.trim()}</td>`).join('')}</tr>`).join('\n');
    return `<h2>${s.heading}</h2>\n${prose.map((p) => `<p>${p}</p>`).join('\n')}${rows ? `\n<table>\n${rows}\n</table>` : ''}`;
  };
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${doc.title}-青屿大学人力资源部</title>
<link rel="canonical" href="https://hr.qingyu-univ.example/tzgg/${index}.html"></head>
<body>
<nav class="menu"><ul><li><a href="/">首页</a></li><li><a href="/tzgg/">通知公告</a></li><li><a href="/bszn/">办事指南</a></li><li><a href="/xzzx/">下载中心</a></li></ul></nav>
<div class="crumb">当前位置：首页 &gt; 通知公告 &gt; 正文</div>
<div class="article">
<h1>${doc.title}</h1>
<p class="info">发布时间：${date}　来源：人力资源部</p>
${doc.sections.map(section).join('\n')}
</div>
<footer>版权所有 © 青屿大学人力资源部　地址：屿州市海湾区学府路${f.int(1, 999)}号　电话：${f.phone()}</footer>
</body>
</html>
`;
}

/** A department news article: header lines, then prose with the facts buried in it. */
function news(f: Facts, index: number): { text: string; questions: Array<{ text: string; fact: string }> } {
  const college = f.pick(COLLEGES);
  const year = f.pick([2024, 2025]);
  const when = f.date(year);
  const count = f.int(12, 260);
  const room = f.room();
  const apt = f.pick(APARTMENTS);
  const hospital = f.pick(HOSPITALS);
  const fee = f.int(20, 60) * 10;
  const paragraphs = [
    `${when.zh}，${college}${f.pick(['新进教职工集中报到', '新教工入职服务周', '人事档案集中审核', '周转公寓集中分配'])}工作在${room}举行，共有${count}名新同事参加。${f.pick(['现场秩序井然。', '大家对服务表示满意。', '整个流程顺畅高效。'])}`,
    `今年${college}继续推行线上报到，新同事在报到系统中提交材料后，现场只需核验原件，平均用时由过去的一个多小时缩短到${f.int(10, 40)}分钟左右。人事秘书${f.person()}介绍，调档函已经实现电子签章，${f.int(1, 5)}个工作日内即可在线下载。`,
    `住房方面，${apt}周转公寓本批次共分配${f.int(5, 80)}套房源，首批新同事已于${f.date(year).zh}入住。未入住周转公寓的新同事可以申请租房补贴，补贴随工资按月发放。`,
    `入职体检由${hospital}体检中心承担，新教工专场费用为每人${fee}元，工作日上午空腹前往即可，无需预约。已在其他二级甲等以上医院完成体检且项目齐全的，同样予以认可。`,
    `${college}负责人表示，下一步将通过回访等方式持续听取新同事的意见建议。${f.pick(['报到只是起点。', '服务没有终点。', '欢迎新同事常回来看看。'])}如有疑问，可致电${f.phone()}咨询。`,
  ];
  const text = [
    `标题: ${college}${year}年新进教职工入职服务工作顺利完成（${index}）`,
    `发布日期: 日期：${when.iso} ${String(f.int(8, 17)).padStart(2, '0')}:${String(f.int(0, 59)).padStart(2, '0')}`,
    `浏览次数: ${f.int(50, 5000)}`,
    '正文内容:',
    ...paragraphs.flatMap((p) => [p, '']),
  ].join('\n');
  return {
    text,
    questions: [
      { text: `${college}新教工体检多少钱啊`, fact: `${fee}元` },
      { text: `${college}${year}年有多少新同事参加报到`, fact: `${count}名` },
    ],
  };
}

/** Writes the knowledge base under `dir` and returns the questions about it. */
export function generateCorpus(options: CorpusOptions): CorpusSummary {
  const f = new Facts(seededRandom(options.seed));
  const factQuestions: BenchQuestion[] = [];
  let bytes = 0;
  const write = (path: string, text: string) => {
    mkdirSync(join(options.dir, path, '..'), { recursive: true });
    writeFileSync(join(options.dir, path), text);
    bytes += Buffer.byteLength(text);
  };
  for (let i = 0; i < options.markdownDocs; i++) {
    const doc = buildDoc(f, i);
    const path = `${doc.category}/doc-${String(i).padStart(5, '0')}.md`;
    write(path, markdown(doc, f, i));
    for (const q of doc.questions) factQuestions.push({ ...q, kind: 'fact', docPath: path });
  }
  for (let i = 0; i < options.newsDocs; i++) {
    const article = news(f, i);
    const path = `news/news-${String(i).padStart(4, '0')}.txt`;
    write(path, article.text);
    for (const q of article.questions) factQuestions.push({ ...q, kind: 'fact', docPath: path });
  }
  for (let i = 0; i < options.htmlDocs; i++) {
    const doc = buildDoc(f, options.markdownDocs + i);
    const path = `web/page-${String(i).padStart(4, '0')}.html`;
    write(path, html(doc, f, i));
    for (const q of doc.questions) factQuestions.push({ ...q, kind: 'fact', docPath: path });
  }
  const questions: BenchQuestion[] = [...factQuestions];
  for (const text of OFFTOPIC) questions.push({ text, kind: 'offtopic' });
  for (const text of HUMAN) questions.push({ text, kind: 'human' });
  return {
    files: { markdown: options.markdownDocs, news: options.newsDocs, html: options.htmlDocs },
    bytes,
    questions,
  };
}

/** A deterministic sample of `n` questions: mostly facts, the rest off-topic and asks for a human. */
export function sampleQuestions(all: BenchQuestion[], n: number, seed: number): BenchQuestion[] {
  const f = new Facts(seededRandom(seed));
  const facts = all.filter((q) => q.kind === 'fact');
  const others = f.some(all.filter((q) => q.kind !== 'fact'), Number.MAX_SAFE_INTEGER);
  const offCount = Math.round(n * 0.25);
  const out: BenchQuestion[] = f.some(facts, n - offCount);
  const particles = ['', '呀', '哈', '？', '，谢谢', '请问'];
  // Off-topic and human questions repeat with a different particle each round, so every text
  // differs and every escalation opens its own ticket (one asker's repeated question would not).
  for (let i = 0; i < offCount; i++) {
    const q = others[i % others.length]!;
    const round = Math.floor(i / others.length);
    const p = particles[round % particles.length]!;
    const text = p === '请问' ? `请问${q.text}` : `${q.text}${p}`;
    out.push({ ...q, text: round >= particles.length ? `${text}（${round}）` : text });
  }
  // Shuffle so answered and escalated questions interleave as in real traffic.
  for (let i = out.length - 1; i > 0; i--) {
    const j = f.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
