import type { CorpusSummary } from './bench-corpus.js';
import type { BuildResult, ReloadResult } from './bench-phases.js';
import type { ServeResult } from './bench-serve.js';
import type { Latency } from './bench-stats.js';

/** What `npm run bench` measured, for the report a person reads. */
export interface BenchReportInput {
  seed: number;
  /** Where the CPU profile was written, when one was asked for. */
  profileFile?: string;
  corpus: CorpusSummary;
  build: BuildResult;
  snapshotFiles: Record<string, number>;
  serve: ServeResult;
  reload: ReloadResult;
  duringReload: Latency;
  /** The serving process's highest RSS reading, the one the target is judged on. */
  rssMax: number;
  targets: { p99Ms: number; reloadP99Ms: number; buildRssMb: number; rssMb: number; questionsPerSecond: number };
  misses: string[];
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** The bench's text report: one block per phase, each target marked ok or MISSED, then the misses. */
export function formatBenchReport(input: BenchReportInput): string {
  const { corpus, build: b, serve: s, reload: r, duringReload, rssMax, snapshotFiles, misses } = input;
  const { documents, chunks, seconds: buildSeconds } = b;
  const args = { seed: input.seed, profile: input.profileFile };
  const { p99Ms: TARGET_P99_MS, reloadP99Ms: TARGET_RELOAD_P99_MS, buildRssMb: TARGET_BUILD_RSS_MB, rssMb: TARGET_RSS_MB, questionsPerSecond: TARGET_QPS } = input.targets;
  const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
  const lat = (l: Latency) => `${l.n.toString().padStart(4)}  ${l.p50.toFixed(2).padStart(7)} ${l.p95.toFixed(2).padStart(7)} ${l.p99.toFixed(2).padStart(7)} ${l.max.toFixed(2).padStart(7)}`;
  const lines = [
    '',
    `knowledge base   ${corpus.files.markdown} .md + ${corpus.files.news} .txt + ${corpus.files.html} .html (${mb(corpus.bytes)} MB), seed ${args.seed}`,
    `index build      ${documents} documents, ${chunks} chunks, ${b.warnings} warnings: ${buildSeconds.toFixed(2)} s  (RSS after ${b.rssAfterMb} MB, peak ${b.peakRssMb} MB)   target peak ≤ ${TARGET_BUILD_RSS_MB} MB: ${ok(b.peakRssMb <= TARGET_BUILD_RSS_MB)}`,
    `snapshot files   ${Object.entries(snapshotFiles).map(([k, v]) => `${k} ${v} MB`).join(', ')}`,
    `index reopen     ${s.reopenSeconds.toFixed(2)} s, ${s.reused ? 'snapshot read from disk' : 'REBUILT (snapshot not reused)'}`,
    '',
    `ask latency (ms)    n      p50     p95     p99     max`,
    `  all          ${lat(s.all)}   target p99 ≤ ${TARGET_P99_MS} ms: ${ok(s.all.p99 <= TARGET_P99_MS)}`,
    `  answered     ${lat(s.answered)}`,
    `  escalated    ${lat(s.escalated)}   (each writes a ticket to SQLite, synchronous=FULL)`,
    `  by kind      ${Object.entries(s.byKind).map(([k, v]) => `${k} ${v.n} (${v.escalated} escalated, p50 ${v.p50}, p99 ${v.p99})`).join('; ')}`,
    `  reasons      ${Object.entries(s.reasons).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    '',
    `throughput       ${s.load.questions} questions (${s.load.escalated} escalated, ${s.load.tickets} tickets stored), ${s.load.concurrency} at a time: ${s.load.seconds} s, ${s.load.questionsPerSecond} questions/s   target ≥ ${TARGET_QPS}: ${ok(s.load.questionsPerSecond >= TARGET_QPS)}`,
    `                 per question p50 ${s.load.p50Ms} ms, p99 ${s.load.p99Ms} ms; escalated p99 ${s.load.escalatedP99Ms} ms (ticket on disk before the reply)`,
    '',
    `memory (RSS)     after load ${s.rssAfterLoadMb} MB (peak while loading ${s.peakRssAtLoadMb} MB), after questions ${s.rssAfterAskMb} MB, peak ${s.peakRssMb} MB (heap ${s.heapAfterLoadMb} → ${s.heapAfterAskMb} MB, ${s.heapAfterGcMb} MB after a forced GC; RSS then ${s.rssAfterGcMb} MB)   target ≤ ${TARGET_RSS_MB} MB (on the peak): ${ok(rssMax <= TARGET_RSS_MB)}`,
    `reload           ${r.ok ? 'ok' : 'FAILED'} in ${r.seconds} s; ${duringReload.n} questions answered meanwhile: p50 ${duringReload.p50}, p99 ${duringReload.p99}, max ${duringReload.max} ms; longest event-loop stall ${r.maxLoopDelayMs} ms   target p99 < ${TARGET_RELOAD_P99_MS} ms: ${ok(duringReload.p99 < TARGET_RELOAD_P99_MS)}`,
    `                 RSS ${r.rssBeforeMb} MB before, ${r.rssAfterMb} MB after, peak ${r.peakRssMb} MB`,
    `slowest          ${s.slowest.map((r) => `${r.ms} ms ${r.escalated ? `[${r.reason}]` : '[answered]'} ${r.text}`).join(' | ')}`,
  ];
  if (s.profile) {
    lines.push('', `CPU profile of the question loop: ${s.profile.totalMs} ms sampled, written to ${args.profile}`, '  self time:');
    for (const p of s.profile.self.slice(0, 12)) lines.push(`    ${(p.share * 100).toFixed(1).padStart(5)}%  ${p.ms.toFixed(1).padStart(8)} ms  ${p.fn}`);
    lines.push('  inclusive time:');
    for (const p of s.profile.inclusive.slice(0, 20)) lines.push(`    ${(p.share * 100).toFixed(1).padStart(5)}%  ${p.ms.toFixed(1).padStart(8)} ms  ${p.fn}`);
  }
  lines.push('', misses.length ? `TARGETS MISSED: ${misses.join('; ')}` : 'all targets met', '');
  return lines.join('\n');
}
