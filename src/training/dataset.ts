import { HybridRetriever } from '../retrieval/hybrid-retriever.js';
import { LocalEmbeddings } from '../retrieval/local-embeddings.js';
import type { EmbeddingsChoice } from '../retrieval/create-embeddings.js';
import { contentHash, KnowledgeIndex } from '../knowledge/knowledge-index.js';
import { loadDocuments, scanDirectory } from '../knowledge/load-directory.js';
import { prepare, type Prepared } from '../answer/stages.js';
import type { Intent } from '../answer/intent.js';
import type { Corpus } from '../evaluation/corpora.js';
import { carriesFact, readEvalSet, type EvalQuestion } from '../evaluation/eval-set.js';

/** One labelled question after the model-free stages. */
export interface Example {
  corpus: string;
  question: EvalQuestion;
  prepared: Prepared;
  /** 1 for each candidate unit that states one of the expected facts. */
  unitLabels: number[];
  /** The request for a person the question is, by its label. */
  intent: Intent | undefined;
  /** Labelled a question no HR document is for. */
  outOfScope: boolean;
}

const INTENT_OF_TOPIC: Record<string, Intent> = { human_request: 'human_request', personal: 'personal_case', complaint: 'complaint' };

/**
 * Builds the corpus's index in memory and prepares every question; with the offline embeddings
 * of the default bot unless the deployment's are given.
 */
export async function corpusExamples(corpus: Corpus, topK: number, choice?: EmbeddingsChoice): Promise<Example[]> {
  const scan = await scanDirectory(corpus.kbDir);
  const { documents, warnings } = loadDocuments(scan.files);
  const local = new LocalEmbeddings();
  const { embeddings, id } = choice ?? { embeddings: local, id: local.id };
  const index = await KnowledgeIndex.build({
    documents,
    warnings,
    contentHash: contentHash(scan.files, id),
    embeddings,
    embeddingsId: id,
  });
  const retriever = new HybridRetriever({ snapshot: () => index, embeddings, k: topK });
  const examples: Example[] = [];
  for (const question of await readEvalSet(corpus.questionsFile)) {
    const prepared = await prepare(index, retriever, { text: question.text, history: question.history ?? [] }, topK);
    examples.push({
      corpus: corpus.name,
      question,
      prepared,
      unitLabels: prepared.candidates.map((c) => Number(carriesFact(question, c.unit.text))),
      intent: question.expect === 'escalate' ? INTENT_OF_TOPIC[question.topic ?? ''] : undefined,
      outOfScope: question.expect === 'escalate' && question.topic === 'out_of_scope',
    });
  }
  return examples;
}
