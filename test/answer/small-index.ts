import { KnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import type { KnowledgeDocument } from '../../src/knowledge/types.js';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.js';
import { LocalEmbeddings } from '../../src/retrieval/local-embeddings.js';

/** An in-memory index of a few Markdown documents (path → body), for the answer stages' tests. */
export async function smallIndex(docs: Record<string, string>): Promise<{ index: KnowledgeIndex; retriever: HybridRetriever }> {
  const documents: KnowledgeDocument[] = Object.entries(docs).map(([path, body]) => ({
    path,
    format: 'markdown',
    title: /^# (.+)$/m.exec(body)?.[1] ?? path,
    body,
    bodyLine: 1,
    hash: path,
  }));
  const embeddings = new LocalEmbeddings();
  const index = await KnowledgeIndex.build({ documents, warnings: [], contentHash: 'test', embeddings, embeddingsId: embeddings.id });
  return { index, retriever: new HybridRetriever({ snapshot: () => index, embeddings, k: 8 }) };
}

export const HOUSING = `# 周转公寓申请指南
## 申请条件
新进教职工入职三年内可申请周转公寓，租期最长3年。
## 租金与押金
租金每月每平方米18元，入住时缴纳押金2000元。
## 办理地点
后勤服务大厅（行政楼101室），电话0591-6688123。
`;

export const CHECKIN = `# 新教工报到须知
## 报到时间
集中报到时间为8月25日至8月29日。
## 所需材料
报到时请携带以下材料：
- 居民身份证原件
- 学历学位证书原件
- 近期免冠证件照2张
`;
