import type { Facts } from './facts.js';
import { APARTMENTS, BUILDINGS, CAMPUSES, CHINESE_NUMERALS, COLLEGES, HOSPITALS, MATERIALS, OFFICES, ROLES, STEPS, TITLES } from './vocabulary.js';

export type Category = 'checkin' | 'archives' | 'housing' | 'insurance' | 'payroll' | 'general';

const CATEGORY_OF: Record<string, Category> = {
  checkin: 'checkin', archives: 'archives', housing: 'housing', insurance: 'insurance', payroll: 'payroll', general: 'general',
};

export interface Section {
  heading: string;
  lines: string[];
}

export interface Doc {
  title: string;
  category: Category;
  sections: Section[];
  questions: Array<{ text: string; fact: string }>;
}

/** One document's worth of invented facts about one unit's onboarding topic. */
export function buildDoc(f: Facts, index: number): Doc {
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
