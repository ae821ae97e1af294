// The bench's report as text tables: stages, memory, font loading, linearity, fresh browsers, peers
// and the targets.
import path from 'node:path';
import { OTHER_STAGE, type BenchReport, type PrintPhases } from './report.js';

type Cell = string | number | null | undefined;

const pad = (value: Cell, width = 0) => String(value ?? '–').padStart(width);
const fixed = (value: unknown, digits = 2) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The report as text tables. */
export function formatReport(report: BenchReport): string {
  const lines: string[] = [];
  const stageNames = [...new Set(report.builds.flatMap((b) => b.stageOrder))];
  const short: Record<string, string> = { manuscripts: 'manus', transform: 'transf', 'pass 1': 'pass1', 'pass 2+': 'pass2+', booklet: 'bookl', archive: 'archiv', [OTHER_STAGE]: 'other' };
  const head = ['book', 'mode', 'pages', 'P', ...stageNames.map((s) => short[s] ?? s), 'total', 'bare', '×bare', 's/100p'];
  const widths = [6, 4, 5, 1, ...stageNames.map(() => 6), 6, 5, 5, 6];
  const row = (cells: readonly Cell[]) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i] ?? 0) : pad(c, widths[i]))).join(' ');
  lines.push(`Wall seconds per stage (P = passes; bare = one printPdf of the final HTML, same warm Chromium)`);
  lines.push(row(head));
  for (const b of report.builds) {
    lines.push(row([b.book, b.writing === 'vertical' ? 'vert' : 'hor', b.pages, b.passes, ...stageNames.map((s) => fixed(b.stages[s])), fixed(b.totalSeconds), fixed(b.bare?.seconds), fixed(b.bare?.ratio, 1), fixed(b.secondsPer100Pages)]));
  }
  if (report.builds.some((b) => b.stagesCpu && Object.keys(b.stagesCpu).length)) {
    lines.push('');
    lines.push('Node CPU seconds per stage (its own threads; Chromium and mutool not included): the profile on a busy machine');
    lines.push(row(head.slice(0, -4).concat(['', '', '', ''])));
    for (const b of report.builds) {
      lines.push(row([b.book, b.writing === 'vertical' ? 'vert' : 'hor', b.pages, b.passes, ...stageNames.map((s) => fixed(b.stagesCpu?.[s])), '', '', '', '']));
    }
  }
  if (report.builds.some((b) => b.stagesMemory && Object.keys(b.stagesMemory).length)) {
    lines.push('');
    lines.push('Peak memory per stage, MB, node + Chromium (PSS at one instant, from the stage before\'s end to this one\'s; the layout');
    lines.push('lint runs beside the print-shop outputs and counts in theirs): where the memory goes');
    const memoryRow = (cells: readonly Cell[]) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i] ?? 0) : pad(c, i < 4 ? widths[i] : 9))).join(' ');
    lines.push(memoryRow(head.slice(0, 4 + stageNames.length)));
    for (const b of report.builds) {
      const cell = (s: string) => {
        const memory = b.stagesMemory?.[s];
        return memory ? `${Math.round(memory.nodeMB)}+${Math.round(memory.chromiumMB)}` : '–';
      };
      lines.push(memoryRow([b.book, b.writing === 'vertical' ? 'vert' : 'hor', b.pages, b.passes, ...stageNames.map(cell)]));
    }
  }
  lines.push('');
  lines.push('Size, peak memory (MB: node = its PSS, chrom = summed PSS of Chromium\'s processes, tools = other programs the build');
  lines.push('runs, sum = all at one instant; procs = Chromium processes),');
  lines.push('CPU seconds (cpu = node and every process it started; others = every other process meanwhile: competition for the cores);');
  lines.push('pdf-lib load = PDFDocument.load of the bare print\'s PDF (each pass does one)');
  const head2 = ['book', 'mode', 'pages', 'PDF MB', 'node', 'chrom', 'tools', 'sum', 'procs', 'cpu', 'others', 'bare chrom', 'bare cpu', 'bare others', 'pdf-lib load'];
  const widths2 = [6, 4, 5, 6, 6, 6, 5, 6, 5, 6, 6, 10, 8, 11, 12];
  const row2 = (cells: readonly Cell[]) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths2[i] ?? 0) : pad(c, widths2[i]))).join(' ');
  lines.push(row2(head2));
  for (const b of report.builds) {
    lines.push(
      row2([
        b.book,
        b.writing === 'vertical' ? 'vert' : 'hor',
        b.pages,
        fixed(b.pdfMB, 1),
        b.memory?.nodePeakMB,
        b.memory?.chromiumPeakMB,
        b.memory?.toolsPeakMB,
        b.memory?.sumPeakMB,
        b.memory?.processes,
        fixed(b.cpu?.seconds, 1),
        fixed(b.cpu?.otherSeconds, 1),
        b.bare?.chromiumPeakMB,
        fixed(b.bare?.cpuSeconds, 1),
        fixed(b.bare?.otherCpuSeconds, 1),
        fixed(b.bare?.pdfLibLoadSeconds),
      ]),
    );
  }
  if (report.builds.some((b) => b.fonts)) {
    lines.push('');
    lines.push('Font loading: the bare print again, phase by phase (s: context / load / fonts / pdf / close = total), with all');
    lines.push('@font-face rules, with only the rules whose unicode-range the text uses, and with none (system fonts: a bound, not a usable PDF)');
    for (const b of report.builds) {
      const f = b.fonts;
      if (!f) continue;
      const phases = (p: PrintPhases['seconds']) => `${[p.context, p.load, p.fonts, p.pdf, p.close].map((v) => fixed(v)).join(' / ')} = ${fixed(p.total)}`;
      lines.push(`  ${b.book.padEnd(6)} ${(b.writing === 'vertical' ? 'vert' : 'hor').padEnd(4)} all ${f.rulesAll}: ${phases(f.all.seconds)} | used ${f.rulesUsed} (${f.used.fontFiles} files, ${fixed(f.used.fontMB, 1)} MB): ${phases(f.used.seconds)} | none: ${phases(f.none.seconds)}`);
    }
  }
  if (report.linearity.length) {
    lines.push('');
    lines.push('Linearity: seconds per 100 pages (build | bare), and the slope between sizes');
    for (const l of report.linearity) {
      const per = l.perSize.map((p) => `${p.pages} pp ${fixed(p.secondsPer100Pages)}|${fixed(p.bareSecondsPer100Pages)}`).join('  ');
      const slopes = l.slopes.map((s) => `${s.from}→${s.to} ${fixed(s.secondsPer100Pages)}|${fixed(s.bareSecondsPer100Pages)}`).join('  ');
      lines.push(`  ${l.writing.padEnd(10)} ${per}${slopes ? `   slope ${slopes}` : ''}`);
    }
  }
  lines.push('');
  const launch = report.launch;
  lines.push(`Chromium launch ${fixed(launch?.seconds)} s${launch?.launchCloseSeconds ? `; launch+close ${launch.launchCloseSeconds.map((s) => fixed(s)).join(', ')} s` : ''}; first build in the process ${fixed(report.warmup?.seconds)} s`);
  for (const f of report.fresh) {
    lines.push(`Fresh browser per build: ${f.book} ${f.writing} ${fixed(f.freshSeconds)} s (launch ${fixed(f.launchSeconds)} + build ${fixed(f.buildSeconds)} + close ${fixed(f.closeSeconds)}) vs warm ${fixed(f.warmSeconds)} s (${(f.extraSeconds ?? 0) >= 0 ? '+' : ''}${fixed(f.extraSeconds)} s); CPU ${fixed(f.cpuSeconds, 1)} vs ${fixed(f.warmCpuSeconds, 1)} s`);
  }
  if (report.peers) {
    lines.push('');
    if (!report.peers.versions) lines.push('Peers: pandoc or xelatex not installed (scripts/bench/setup-peers.sh).');
    else {
      lines.push(`Peers (horizontal, same manuscripts; ${report.peers.versions.pandoc}, ${report.peers.versions.xelatex}): whole paiban build vs pandoc --pdf-engine=xelatex`);
      for (const p of report.peers.books) {
        lines.push(`  ${p.book.padEnd(6)} pandoc+XeLaTeX ${pad(p.pages, 5)} pp ${fixed(p.seconds)} s (cpu ${fixed(p.cpuSeconds, 1)}, others ${fixed(p.otherCpuSeconds, 1)}) | paiban ${pad(p.paibanPages, 5)} pp ${fixed(p.paibanSeconds)} s | paiban/pandoc ×${fixed(p.ratio)}`);
      }
    }
  }
  lines.push('');
  lines.push('Targets (reported, not asserted):');
  for (const c of report.checks) lines.push(`  ${c.met ? 'met ' : 'MISS'} ${c.target}: ${c.book} ${c.writing} ${c.value}`);
  lines.push(`Bench took ${fixed(report.seconds, 1)} s; node maxRSS ${report.nodeMaxRssMB} MB; ${report.memorySampling ? 'memory sampled every 100 ms from /proc' : 'no /proc: memory not sampled'}.`);
  if (report.file) lines.push(`Wrote ${path.relative(process.cwd(), report.file) || report.file}`);
  return lines.join('\n');
}
