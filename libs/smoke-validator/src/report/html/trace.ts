/**
 * A stack trace for smoke.html: the exception and culprit, the in-app frames shown, each run of
 * framework frames collapsed into one expandable line, then the chained causes. Every line ends
 * in a newline so the block's text (what "copy trace" takes) reads like the plain trace.
 */
import type { StackTrace } from '@smoke-repair/log-parser';
import { esc } from './escape.js';

/** Frames kept per trace; a deeper trace shows its innermost ones (the raise site is last). */
const MAX_FRAMES = 60;

/** The trace as an HTML block with id `id`. */
export function renderTrace(trace: StackTrace, id: string): string {
  const out = [
    `<div class="trace" id="${esc(id)}">`,
    `<b>${esc(trace.exception.type)}: ${esc(trace.exception.message)}</b>\n`,
  ];
  if (trace.culprit) {
    const { file, line, function: fn } = trace.culprit;
    out.push(`culprit: ${esc(`${file}:${line}${fn ? ` in ${fn}` : ''}`)}\n`);
  }
  const frames = trace.frames.slice(-MAX_FRAMES);
  if (frames.length < trace.frames.length)
    out.push(`<span class="fw">… ${trace.frames.length - frames.length} outer frames</span>\n`);
  for (let i = 0; i < frames.length; ) {
    if (frames[i]!.inApp) {
      out.push(`<span class="app">${frameText(frames[i]!)}</span>`);
      i += 1;
      continue;
    }
    let end = i;
    while (end < frames.length && !frames[end]!.inApp) end += 1;
    const run = frames
      .slice(i, end)
      .map((f) => `<span class="fw">${frameText(f)}</span>`)
      .join('');
    out.push(`<details><summary>${end - i} framework frame${end - i === 1 ? '' : 's'}</summary>${run}</details>`);
    i = end;
  }
  for (const cause of trace.causes) {
    const relation = cause.relation === 'context' ? 'during handling of' : 'caused by';
    const at = cause.culprit ? ` (${esc(`${cause.culprit.file}:${cause.culprit.line}`)})` : '';
    out.push(`${relation}: ${esc(`${cause.exception.type}: ${cause.exception.message}`)}${at}\n`);
  }
  out.push('</div>');
  return out.join('');
}

type Frame = StackTrace['frames'][number];

function frameText(frame: Frame): string {
  const where = `  ${shortPath(frame.file)}:${frame.line}${frame.function ? ` in ${frame.function}` : ''}\n`;
  return esc(frame.source ? `${where}      ${frame.source}\n` : where);
}

// A dependency's path from its package folder on: the venv or node_modules prefix is the same
// on every line and pushes the part that differs off the screen.
function shortPath(file: string): string {
  const m = /(?:^|\/)(?:site-packages|dist-packages|node_modules)\/(.*)$/.exec(file);
  return m ? `…/${m[1]}` : file;
}
