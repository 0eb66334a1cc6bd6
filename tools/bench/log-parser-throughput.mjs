#!/usr/bin/env node
// parseLogs throughput on a generated mixed log (>= 100 MB by default) versus merely splitting
// the same text into lines in the same process. The log is assembled from the REAL captured
// fixture logs (all four languages) plus the access-log lines they contain, at about one trace
// per 50 lines. Prints medians over several runs. Needs a build: `npx nx build log-parser`.
//
//   node tools/bench/log-parser-throughput.mjs [--mb 100] [--runs 5]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    runs: { type: 'string', default: '5' },
    write: { type: 'string' },
  },
});
const targetBytes = Number(values.mb) * 1024 * 1024;
const runs = Number(values.runs);

const { parseLogs } = await import(join(root, 'libs/log-parser/dist/index.js'));
const fixturesDir = join(root, 'libs/log-parser/fixtures');
const logs = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.log') && !f.startsWith('truncated') && f !== 'noise.log')
  .map((f) => readFileSync(join(fixturesDir, f), 'utf8'));

// Split real logs into trace blocks (what the parser finds) and noise lines (everything else).
const blocks = [];
const noise = [];
for (const log of logs) {
  const lines = log.split('\n');
  const traces = parseLogs(log);
  let next = 1;
  for (const t of traces) {
    noise.push(...lines.slice(next - 1, t.span.startLine - 1).filter((l) => l.trim() !== '' && !l.startsWith('{')));
    blocks.push(lines.slice(t.span.startLine - 1, t.span.endLine).join('\n'));
    next = t.span.endLine + 1;
  }
  noise.push(...lines.slice(next - 1).filter((l) => l.trim() !== '' && !l.startsWith('{')));
}
noise.push(...readFileSync(join(fixturesDir, 'noise.log'), 'utf8').split('\n').filter(Boolean));

const parts = [];
let size = 0;
let expectedTraces = 0;
for (let i = 0; size < targetBytes; i++) {
  const block = blocks[i % blocks.length];
  const blockLines = block.split('\n').length;
  const fill = Math.max(1, 50 - blockLines);
  for (let k = 0; k < fill; k++) {
    const line = noise[(i * 31 + k * 7) % noise.length];
    parts.push(line);
    size += line.length + 1;
  }
  parts.push(block);
  size += block.length + 1;
  expectedTraces++;
}
const text = parts.join('\n') + '\n';
const mb = Buffer.byteLength(text) / (1024 * 1024);
if (values.write) (await import('node:fs')).writeFileSync(values.write, text);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(fn) {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

// The same line walk parseLogs does (indexOf + slice per line), with no parsing at all.
function splitLines(input) {
  let count = 0;
  let bytes = 0;
  for (let start = 0; start < input.length; ) {
    let end = input.indexOf('\n', start);
    if (end < 0) end = input.length;
    bytes += input.slice(start, end).length;
    count++;
    start = end + 1;
  }
  return count + bytes;
}

const splitMs = [];
const nativeSplitMs = [];
const parseMs = [];
let found = 0;
for (let r = 0; r < runs; r++) {
  splitMs.push(time(() => splitLines(text)).ms);
  nativeSplitMs.push(time(() => text.split('\n').length).ms);
  const parsed = time(() => parseLogs(text));
  parseMs.push(parsed.ms);
  found = parsed.result.length;
}
const split = mb / (median(splitMs) / 1000);
const nativeSplit = mb / (median(nativeSplitMs) / 1000);
const parse = mb / (median(parseMs) / 1000);
console.log(
  `input            ${mb.toFixed(1)} MB, ${text.split('\n').length} lines, ${expectedTraces} traces ` +
    `planted, ${found} found`,
);
console.log(`line split loop  ${split.toFixed(0)} MB/s (indexOf + slice per line, median of ${runs})`);
console.log(`String#split     ${nativeSplit.toFixed(0)} MB/s (native split('\\n'), median of ${runs})`);
console.log(`parseLogs        ${parse.toFixed(0)} MB/s (median of ${runs})`);
console.log(
  `ratio            ${(split / parse).toFixed(2)}x the line split loop, ${(nativeSplit / parse).toFixed(2)}x ` +
    `String#split`,
);
if (found < expectedTraces) {
  console.error(`warning: found ${found} traces, planted ${expectedTraces}`);
  process.exitCode = 1;
}
