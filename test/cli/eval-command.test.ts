import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { evalCommand, type EvalOptions } from '../../src/cli/eval-command.js';
import { CAMPUSES, withTinyCorpora } from '../training/tiny-corpora.js';

/** Runs the command over one made-up university's documents and questions, with stdout captured. */
function evaluate(options: EvalOptions = {}): Promise<{ out: string; saved?: unknown }> {
  return withTinyCorpora(CAMPUSES.slice(0, 1), async ([set]) => {
    const out: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const save = options.save === undefined ? undefined : join(set!.kbDir, '..', options.save);
    try {
      await evalCommand({ knowledge: set!.kbDir, questions: set!.questionsFile, ...options, save });
    } finally {
      stdout.mockRestore();
    }
    return { out: out.join(''), saved: save === undefined ? undefined : JSON.parse(await readFile(save, 'utf8')) };
  });
}

describe('onboarding-bot eval', () => {
  it('prints the report of a set given by its knowledge folder and questions', async () => {
    const { out } = await evaluate();
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('questions           10 (6 to answer, 4 to escalate)');
    expect(lines.map((l) => l.split(/\s{2,}/)[0])).toEqual([
      'questions', 'answer accuracy', 'false escalation', 'escalation recall', 'source recall@3', 'calibration error', 'reply chars p90', 'latency p50/p99',
    ]);
  });

  it('prints one JSON entry per set, and saves each set’s figures under its name', async () => {
    const { out, saved } = await evaluate({ json: true, save: 'figures.json' });
    const entries = JSON.parse(out) as Array<Record<string, unknown>>;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ set: 'set', heldout: true, questions: 10, answerable: 6, escalations: 4 });
    const figures = saved as Record<string, object>;
    expect(Object.keys(figures)).toEqual(['set']);
    expect(figures.set).toMatchObject({ heldout: true, questions: 10, answerAccuracy: entries[0]!.answerAccuracy });
    // The saved figures leave out what changes from run to run.
    expect(figures.set).not.toHaveProperty('latencyMs');
  });

  it('finds the project\'s own sets by name, run from the sources as from the build', async () => {
    const out: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    try {
      await evalCommand({ only: 'shipped-sample' });
    } finally {
      stdout.mockRestore();
    }
    expect(out.join('')).toMatch(/^questions\s+\d+ \(\d+ to answer, \d+ to escalate\)/);
  });

  it('refuses a knowledge folder without its questions, and a model file that is not there, before evaluating anything', async () => {
    await expect(evalCommand({ knowledge: 'kb' })).rejects.toThrow(/--knowledge and --questions go together/);
    await expect(evalCommand({ model: join('no', 'such', 'answerer.json') })).rejects.toThrow(/cannot read the answer model .*npm run train/);
  });
});
