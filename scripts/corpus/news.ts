import type { Facts } from './facts.js';
import { APARTMENTS, COLLEGES, HOSPITALS } from './vocabulary.js';

/** A department news article: header lines, then prose with the facts buried in it. */
export function news(f: Facts, index: number): { text: string; questions: Array<{ text: string; fact: string }> } {
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
