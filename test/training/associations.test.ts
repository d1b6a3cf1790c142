import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/answer/stages.js';
import { carriesFact, type EvalQuestion } from '../../src/evaluation/eval-set.js';
import { ASSOCIATION_POLICY, associationTable, countAssociations } from '../../src/training/associations.js';
import type { Example } from '../../src/training/dataset.js';
import { smallIndex } from '../answer/small-index.js';

/** One knowledge base of a fictional university: its health check notice says who pays, in its own words. */
const checkup = (hospital: string, payment: string) => `# 入职体检须知
## 体检地点
新进教职工须在${hospital}完成入职体检，请携带身份证。
## 体检安排
体检结果约5个工作日后出具，由人事处统一收取。
## 费用
${payment}
`;

const BASES: Record<string, string> = {
  a: checkup('校医院', '入职体检的费用由学校统一结算，个人无需支付。'),
  b: checkup('附属医院', '标准套餐费用由学校承担，超出部分自理。'),
  c: checkup('市人民医院', '体检费用先由本人垫付，报到后凭发票报销。'),
  d: checkup('校医院二楼', '体检费用由学校按标准支付。'),
};

async function exampleOf(corpus: string, text: string, fact: string): Promise<Example> {
  const { index, retriever } = await smallIndex({ 'checkup.md': BASES[corpus]! });
  const question: EvalQuestion = { id: `${corpus}-1`, text, expect: 'answer', docs: ['checkup.md'], facts: [fact] };
  const prepared = await prepare(index, retriever, { text, history: [] }, 8);
  return { corpus, question, prepared, unitLabels: prepared.candidates.map((c) => Number(carriesFact(question, c.unit.text))), intent: undefined };
}

describe('learned word associations', () => {
  const examples = async () => [
    await exampleOf('a', '入职体检要自己掏钱吗', '个人无需支付'),
    await exampleOf('b', '体检是不是要自己掏钱', '超出部分自理'),
    await exampleOf('c', '体检得自己掏钱吗', '本人垫付'),
    await exampleOf('d', '入职体检要掏钱吗', '由学校按标准支付'),
  ];

  it('links a word staff ask with to the word the answering sentences use instead', async () => {
    const counts = countAssociations(await examples());
    const pairs = associationTable(counts, ['a', 'b', 'c', 'd'])['掏钱'];
    expect(pairs?.map(([w]) => w)).toContain('费用');
    // Words the other sentences of the notice share ("体检", "工作日") are not what answers it.
    expect(pairs?.map(([w]) => w)).not.toContain('工作日');
    const strengths = pairs!.map(([, s]) => s);
    expect(strengths).toEqual([...strengths].sort((x, y) => y - x));
  });

  it('learns nothing from the bases it is not given, nor from fewer bases than the policy asks', async () => {
    const counts = countAssociations(await examples());
    const few = ['a', 'b', 'c', 'd'].slice(0, ASSOCIATION_POLICY.minBases - 1);
    expect(associationTable(counts, few)['掏钱']).toBeUndefined();
    expect(associationTable(counts, [])).toEqual({});
  });

  it('trusts a pair seen in more bases more: the strength is shrunk towards nothing when evidence is thin', async () => {
    const counts = countAssociations(await examples());
    const strength = (bases: string[]) => associationTable(counts, bases)['掏钱']?.find(([w]) => w === '费用')?.[1] ?? 0;
    expect(strength(['a', 'b', 'c', 'd'])).toBeGreaterThan(strength(['a', 'b', 'c']));
    expect(strength(['a', 'b', 'c'])).toBeGreaterThan(0);
  });
});
