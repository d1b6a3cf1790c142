import { describe, expect, it } from 'vitest';
import { compareOutcomes, parseOutcomes } from '../../src/training/compare-outcomes.js';

const line = (corpus: string, id: string, text: string, outcome: string) => JSON.stringify({ corpus, id, text, outcome, probability: 0.8 });
const file = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('comparing two trials out of fold', () => {
  const before = parseOutcomes(
    file(line('c01', 'Q1', '押金呢？', 'escalated'), line('c01', 'Q2', '房租多少', 'right'), line('c02', 'Q1', '电话多少', 'wrong'), line('c03', 'Q1', '在哪', 'right')),
    'before.jsonl',
  );
  const after = parseOutcomes(
    file(line('c01', 'Q1', '押金呢？', 'right'), line('c01', 'Q2', '房租多少', 'right'), line('c02', 'Q1', '电话多少', 'escalated'), line('c03', 'Q1', '在哪', 'wrong')),
    'after.jsonl',
  );

  it('gives the utility, the corpora helped and hurt, and every question whose outcome changed', () => {
    const lines = compareOutcomes(before, after);
    // right +1, wrong −3, escalated 0: 1 + 0 − 3 + 1 = −1 before; 1 + 1 + 0 − 3 = −1 after.
    expect(lines[0]).toBe('utility -1 → -1');
    expect(lines[1]).toBe('corpora better 2, worse 1, same 0');
    expect(lines[2]).toBe('  c01 +1  c02 +3  c03 -4');
    expect(lines).toContain('3 questions changed outcome:');
    expect(lines).toContain('  +1  c01 Q1 escalated → right  押金呢？');
  });

  it('sets the questions a rule touches apart from the rest', () => {
    expect(compareOutcomes(before, after, /呢/u)).toContain('questions matching /呢/u: 1, utility +1; the rest: 3, -1');
  });

  it('compares only the questions both files hold, and says how many it left out', () => {
    const extra = parseOutcomes(file(line('c09', 'Q1', '新的问题', 'wrong')), 'extra.jsonl');
    const lines = compareOutcomes([...before, ...extra], after);
    expect(lines[0]).toBe('utility -1 → -1');
    expect(lines).toContain('left out: 1 questions only in the baseline, 0 only in the trial (other corpora?)');
  });

  it('names the file and line of a line that is not an outcome', () => {
    expect(() => parseOutcomes(file(line('c01', 'Q1', 'x', 'right'), '{"corpus":"c01"}'), 'a.jsonl')).toThrow(/^a\.jsonl:2: not an outcome line/);
    expect(() => parseOutcomes('oops\n', 'b.jsonl')).toThrow('b.jsonl:1: not JSON');
  });
});
