import { z } from 'zod';
import type { Analysis } from './analysis.js';
import type { Unit } from './units.js';

/**
 * Learned word associations: a word new staff ask with ("掏钱", "发薪日") → words the units that
 * answered it use more often than the other candidates of the same questions ("费用", "工资发放"),
 * each with its strength, a log-lift shrunk towards 0 (see src/training/associations.ts). They
 * stand in for word meaning, which no resource shipped with the bot knows for Chinese HR prose.
 */
export type Associations = ReadonlyMap<string, ReadonlyArray<readonly [word: string, strength: number]>>;

/** As stored in the model file: question word → [unit word, strength] pairs, strongest first. */
export const associationsSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.number().positive()])));
export type AssociationsFile = z.infer<typeof associationsSchema>;

export const NO_ASSOCIATIONS: Associations = new Map();

export const toAssociations = (file: AssociationsFile): Associations => new Map(Object.entries(file));

/** A question word that is worth associating: two characters or more, not a number. */
export const isAssociable = (word: string) => [...word].length >= 2 && !/^[\d.]+$/.test(word);

/** The question's own words (earlier messages' aside), known or not, with their weight in the question. */
export function questionWords(analysis: Analysis): Array<{ word: string; weight: number }> {
  const words = analysis.terms.filter((t) => !t.fromHistory).map((t) => ({ word: t.term, weight: t.weight * t.idf }));
  for (const u of analysis.unknown) words.push({ word: u.word, weight: u.weight });
  return words.filter((w) => isAssociable(w.word));
}

/** Weight of the question's words a unit carries through learned associations. */
export interface AssociationSupport {
  /** Each word weighed by the strongest association the unit's text carries, whether or not the unit also states the word. */
  all: number;
  /** … counting only the words neither the unit nor its headings state: support nothing but an association gives. */
  only: number;
}

/**
 * What the unit carries of the question through learned associations: for each question word,
 * its weight times the strength of the strongest association the unit's text carries (0 when
 * it carries none). Headings do not count: the headings of a document are shared by all its
 * units, and the associations are learned to tell a document's units apart.
 */
export function associationSupport(words: ReadonlyArray<{ word: string; weight: number }>, unit: Unit, associations: Associations): AssociationSupport {
  const support = { all: 0, only: 0 };
  for (const { word, weight } of words) {
    // Pairs are stored strongest first: the first one found is the strongest.
    const found = associations.get(word)?.find(([w]) => unit.match.includes(w));
    if (!found) continue;
    support.all += weight * found[1];
    if (!unit.match.includes(word) && !unit.context.includes(word)) support.only += weight * found[1];
  }
  return support;
}
