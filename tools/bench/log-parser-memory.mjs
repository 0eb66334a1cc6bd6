#!/usr/bin/env node
// Streams a generated log of --gb gigabytes (default 1) through streamStackTraces and reports
// the peak resident memory, to show memory is bounded by the largest trace, not by the input.
// The log repeats the real captured fixture logs. Needs a build: `npx nx build log-parser`.
//
//   node tools/bench/log-parser-memory.mjs [--gb 1]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { gb: { type: 'string', default: '1' } } });
const total = Number(values.gb) * 1024 ** 3;
const { streamStackTraces, parseLogs } = await import(join(root, 'libs/log-parser/dist/index.js'));

const dir = join(root, 'libs/log-parser/fixtures');
const sample = Buffer.from(
  readdirSync(dir)
    .filter((f) => f.endsWith('.log') && !f.startsWith('truncated'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n') + '\n',
);
const perSample = parseLogs(sample.toString('utf8')).length;
const repeats = Math.ceil(total / sample.length);

let peakRss = 0;
const watch = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const source = Readable.from(
  (function* () {
    for (let i = 0; i < repeats; i++) yield sample;
  })(),
);
const start = process.hrtime.bigint();
let traces = 0;
for await (const trace of streamStackTraces(source)) {
  if (trace.exception) traces++;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
clearInterval(watch);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const gb = (repeats * sample.length) / 1024 ** 3;
console.log(`streamed         ${gb.toFixed(2)} GB, ${traces} traces (expected ${perSample * repeats})`);
console.log(`time             ${seconds.toFixed(1)} s (${((gb * 1024) / seconds).toFixed(0)} MB/s)`);
console.log(`peak RSS         ${(peakRss / 1024 ** 2).toFixed(0)} MB`);
if (traces !== perSample * repeats) process.exitCode = 1;
