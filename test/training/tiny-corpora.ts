import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Corpus } from '../../src/evaluation/corpora.js';
import type { EvalQuestion } from '../../src/evaluation/eval-set.js';

/** The facts that differ from one made-up university to the next. */
export interface Campus {
  name: string;
  university: string;
  dates: string;
  room: string;
  deposit: string;
  phone: string;
}

export const CAMPUSES: Campus[] = [
  { name: 'lanxi', university: '岚溪大学', dates: '8月25日至8月29日', room: '明理楼305室', deposit: '押金2000元', phone: '0591-6688123' },
  { name: 'qiaoshan', university: '乔山学院', dates: '9月1日至9月3日', room: '行政楼112室', deposit: '押金1500元', phone: '0592-7711456' },
  { name: 'yunhe', university: '云河师范大学', dates: '8月18日至8月22日', room: '至善楼208室', deposit: '押金1800元', phone: '0593-5523789' },
];

function documents(c: Campus): Record<string, string> {
  return {
    'checkin/notice.md': `---\ntitle: ${c.university}新教工报到须知\ncategory: checkin\nupdated: 2025-07-28\n---\n\n# ${c.university}新教工报到须知\n\n## 报到时间\n集中报到时间为${c.dates}。\n\n## 报到地点\n报到地点在${c.room}，请按时前来。\n\n## 所需材料\n- 居民身份证原件\n- 学历学位证书原件\n`,
    'housing/flats.md': `---\ntitle: ${c.university}周转公寓申请指南\ncategory: housing\nupdated: 2025-08-01\n---\n\n# ${c.university}周转公寓申请指南\n\n## 租金与押金\n租金每月每平方米18元，入住时缴纳${c.deposit}。\n\n## 联系方式\n后勤服务中心电话${c.phone}。\n`,
  };
}

function questions(c: Campus): EvalQuestion[] {
  const answer = (id: string, text: string, fact: string): EvalQuestion => ({ id, text, expect: 'answer', docs: [], facts: [fact] });
  const escalate = (id: string, text: string, topic: string): EvalQuestion => ({ id, text, expect: 'escalate', docs: [], facts: [], topic });
  return [
    answer('A1', '新老师报到是几号到几号', c.dates),
    answer('A2', '报到地点在哪里', c.room),
    answer('A3', '周转公寓押金多少钱', c.deposit),
    answer('A4', '后勤服务中心电话是多少', c.phone),
    answer('A5', '报到要带什么材料', '居民身份证原件'),
    { ...answer('A6', '那押金呢', c.deposit), history: ['周转公寓怎么申请'] },
    escalate('E1', '我要转人工 找人事老师本人', 'human_request'),
    escalate('E2', '帮我查下我的档案到了没有', 'personal'),
    escalate('E3', '你们办事效率太低了 我要投诉', 'complaint'),
    escalate('E4', '学校附近哪家火锅好吃', 'out_of_scope'),
  ];
}

/**
 * Writes each campus as a labelled corpus (kb/ and questions.jsonl) in a temporary folder,
 * hands the corpora to `use`, and removes the folder when it is done.
 */
export async function withTinyCorpora<T>(campuses: Campus[], use: (corpora: Corpus[]) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'tiny-corpora-'));
  try {
    const corpora: Corpus[] = [];
    for (const campus of campuses) {
      const dir = join(root, campus.name);
      for (const [path, text] of Object.entries(documents(campus))) {
        await mkdir(join(dir, 'kb', path, '..'), { recursive: true });
        await writeFile(join(dir, 'kb', path), text);
      }
      await writeFile(join(dir, 'questions.jsonl'), questions(campus).map((q) => JSON.stringify(q)).join('\n'));
      corpora.push({ name: campus.name, kbDir: join(dir, 'kb'), questionsFile: join(dir, 'questions.jsonl'), heldout: false });
    }
    return await use(corpora);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
