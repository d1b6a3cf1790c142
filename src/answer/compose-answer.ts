import { carries, specificTypes, type QuestionType } from './question-type.js';
import type { ScoredUnit, Unit } from './units.js';

/**
 * Builds the reply from the ranked units. It leads with the best unit and adds neighbours only
 * when they complete it: the list a "…：" introduces, the rest of a materials list or table, the
 * rest of a fragment too short to stand alone, the short reply that opens its line when a yes/no
 * question is asked ("可以。…"), and a unit for a second kind of fact the question asked
 * ("电话多少，办公室在哪"; `twoPart`: the question has two clauses). Units are never cut, so no
 * number, phone or address is split.
 */
export function composeAnswer(
  ranked: ScoredUnit[],
  types: QuestionType[],
  budget: number,
  runnerUp: number,
  twoPart = false,
): { text: string; units: Unit[] } {
  const best = ranked[0]!;
  const chosen: Unit[] = [best.unit];
  let length = best.unit.text.length;
  const fits = (u: Unit) => length + u.text.length + 1 <= budget && !chosen.some((c) => c.match === u.match);
  const take = (u: Unit) => {
    chosen.push(u);
    length += u.text.length + 1;
  };
  const siblings = ranked
    .filter((s) => s.unit.chunk.id === best.unit.chunk.id && s.unit !== best.unit)
    .map((s) => s.unit)
    .sort((a, b) => a.position - b.position);

  if (/[：:]$/.test(best.unit.text)) {
    // "需携带以下材料：" introduces what follows, up to the end of that block.
    let last = best.unit.line;
    for (const u of siblings.filter((s) => s.position > best.unit.position)) {
      if (u.line > last + 1 || !fits(u)) break;
      take(u);
      last = u.line;
    }
  } else if (types.includes('materials') && best.unit.kind !== 'sentence') {
    // A materials list or table answers as a whole: its other rows or items, in order.
    for (const u of sameBlock(best.unit, siblings)) if (fits(u)) take(u);
  } else if (best.unit.text.length < 16) {
    // "地点：" or "时间为" alone says nothing; the rest of its line does.
    const next = siblings.find((s) => s.line === best.unit.line && s.position === best.unit.position + 1);
    if (next && fits(next)) take(next);
  }

  // "答：可以。退房手续须…": a short sentence that opens the best unit's line is the direct answer
  // the rest of the line explains; without it a yes/no question gets the explanation alone.
  const lead = siblings.find((s) => s.position === best.unit.position - 1);
  if (
    types.includes('yesno') &&
    lead &&
    lead.kind === 'sentence' &&
    best.unit.kind === 'sentence' &&
    lead.line === best.unit.line &&
    lead.text.length < 16 &&
    !siblings.some((s) => s.line === lead.line && s.position < lead.position) &&
    fits(lead)
  ) {
    take(lead);
  }

  // What completes the best unit reads in document order; what only may answer follows it.
  const completed = chosen.length;

  // A question asking two kinds of fact gets the most likely unit for the kind still missing: in
  // a question of two parts ("电话多少，办公室在哪") whatever the ranker thinks of it, since the
  // ranker scores units against the whole question; otherwise only a unit half as likely as the best.
  const specific = specificTypes(types);
  const anyShare = twoPart && specific.length > 1;
  for (const type of specific) {
    if (chosen.some((u) => carries(type, u.text))) continue;
    const match = ranked.find((s) => !chosen.includes(s.unit) && carries(type, s.unit.text) && (anyShare || s.probability >= best.probability / 2));
    if (match && fits(match.unit)) take(match.unit);
  }

  // The next unit joins when the scorer gives it at least `runnerUp` times the best one's chance:
  // a share `npm run train` chooses by out-of-fold utility, since the ranker often puts the
  // answering unit second. The reader gets both, the likelier first.
  const second = ranked.find((s) => !chosen.includes(s.unit));
  if (second && second.probability >= best.probability * runnerUp && fits(second.unit)) take(second.unit);

  // The reply leads with the unit that answers (on a phone the first line is what is read), so
  // a runner-up from earlier in the same paragraph comes after it, not before.
  const ordered = [...chosen.slice(0, completed).sort((a, b) => a.position - b.position), ...chosen.slice(completed)];
  return { text: joinUnits(ordered), units: ordered };
}

/** The units of the list or table the unit belongs to: same kind, on adjacent lines. */
function sameBlock(unit: Unit, siblings: Unit[]): Unit[] {
  const kin = siblings.filter((s) => s.kind === unit.kind);
  const lines = new Set(kin.map((s) => s.line));
  let first = unit.line;
  let last = unit.line;
  while (lines.has(first - 1)) first--;
  while (lines.has(last + 1)) last++;
  return kin.filter((s) => s.line >= first && s.line <= last);
}

// "2. " before an item: the list's own numbering, kept in the document's wording.
const ORDINAL = /^\d+[.、)]\s+/;

/** Two items of one list on lines that follow each other. */
const listNeighbours = (a: Unit | undefined, b: Unit | undefined) =>
  a !== undefined && b !== undefined && a.kind === 'item' && b.kind === 'item' && a.chunk.id === b.chunk.id && Math.abs(a.line - b.line) === 1;

/** The item's text, without its number when it is quoted apart from its list ("2. 人事秘书会审核" alone reads as a stray). */
function shown(units: Unit[], i: number): string {
  const u = units[i]!;
  if (u.kind !== 'item' || !ORDINAL.test(u.text) || listNeighbours(units[i - 1], u) || listNeighbours(u, units[i + 1])) return u.text;
  return u.text.replace(ORDINAL, '');
}

/** The units as the reply reads them: prose where sentences follow each other, else a line each. */
export function joinUnits(units: Unit[]): string {
  return units
    .map((u, i) => {
      const next = units[i + 1];
      const text = shown(units, i);
      if (!next) return text;
      // Sentences that follow each other in one paragraph read as prose; anything else is a separate
      // line. A blank line or an FAQ's question line between them (the line numbers skip) parts them.
      const prose =
        u.kind === 'sentence' && next.kind === 'sentence' && u.chunk.id === next.chunk.id && next.position === u.position + 1 && next.line - u.line <= 1;
      if (!prose) return `${text}\n`;
      return /[。！？!?；;：:]$/.test(text) ? text : `${text}。`;
    })
    .join('')
    .trim();
}
