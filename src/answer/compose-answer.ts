import type { ScoredUnit } from './extractive-answerer.js';
import { carries, specificTypes, type QuestionType } from './question-type.js';
import type { Unit } from './units.js';

/**
 * Builds the reply from the best units: the best one, what it introduces (a list after
 * "：", the rest of a materials table), and a close runner-up from elsewhere, within a
 * character budget. Units are never cut, so no number, phone or address is split.
 */
export function composeAnswer(scored: ScoredUnit[], types: QuestionType[], budget: number): { text: string; units: Unit[] } {
  const best = scored[0]!;
  const chosen: Unit[] = [best.unit];
  let length = best.unit.text.length;
  const fits = (u: Unit) => length + u.text.length + 1 <= budget && !chosen.some((c) => c.match === u.match);
  const take = (u: Unit) => {
    chosen.push(u);
    length += u.text.length + 1;
  };

  const siblings = scored.filter((s) => s.unit.chunk.id === best.unit.chunk.id).map((s) => s.unit).sort((a, b) => a.position - b.position);
  const introduces = /[：:]$/.test(best.unit.text) || best.unit.text.length < 24;
  const listAnswer = types.includes('materials') && (best.unit.kind === 'row' || best.unit.kind === 'item');
  if (introduces || listAnswer) {
    for (const u of siblings) {
      if (u.position <= best.unit.position && !listAnswer) continue;
      if (listAnswer && u.kind !== best.unit.kind) continue;
      if (!introduces && !listAnswer && u.position !== best.unit.position + 1) break;
      if (u === best.unit) continue;
      if (!fits(u)) break;
      take(u);
    }
  }

  // The rest of the paragraph or list item often completes the answer ("…；用IE会空白" + "请用Chrome").
  for (const u of siblings) {
    if (u.line === best.unit.line && u !== best.unit && fits(u)) take(u);
  }

  // A question asking two things ("电话多少，办公室在哪") gets a unit for each kind it asked.
  for (const type of specificTypes(types)) {
    if (chosen.some((u) => carries(type, u.text))) continue;
    const match = scored.find((s) => !chosen.includes(s.unit) && carries(type, s.unit.text) && s.coverage >= best.coverage * 0.4);
    if (match && fits(match.unit)) take(match.unit);
  }

  // Close runners-up from the same document: when two units score alike, the reader gets both.
  const runnersUp = scored.filter(
    (s) => !chosen.includes(s.unit) && s.unit.chunk.docPath === best.unit.chunk.docPath && s.score >= best.score * 0.85 && s.coverage >= best.coverage * 0.8,
  );
  for (const r of runnersUp.slice(0, 2)) if (fits(r.unit)) take(r.unit);

  const ordered = chosen
    .map((u, i) => ({ u, i }))
    .sort((a, b) => (a.u.chunk.id === b.u.chunk.id ? a.u.position - b.u.position : a.i - b.i))
    .map(({ u }) => u);
  return { text: join(ordered), units: ordered };
}

function join(units: Unit[]): string {
  return units
    .map((u, i) => {
      const next = units[i + 1];
      if (!next) return u.text;
      const listy = u.kind !== 'sentence' || next.kind !== 'sentence';
      return listy ? `${u.text}\n` : /[。！？!?；;：:]$/.test(u.text) ? u.text : `${u.text}。`;
    })
    .join('')
    .trim();
}
