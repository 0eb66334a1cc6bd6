import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { documents } from './contract-schema.js';
import { crashedRequestStatus } from './crashed-request-status.js';
import { requestFrames } from './trace-frames.js';

const ID = 'python.caught-domain-exception';
const PLAIN = new Set(['ValueError', 'Exception', 'RuntimeError']);
// `except service.KennelFull:` / `except KennelFull as e:` then, on the next lines, the status it answers.
const EXCEPT = /^\s*except\s+(?:[A-Za-z_]\w*\.)*([A-Z]\w*)(?:\s+as\s+\w+)?\s*:\s*$/;
const ANSWER = /\bstatus_code\s*=\s*(?:status\.HTTP_)?(\d{3})\b|HTTPException\(\s*(\d{3})\b/;

/**
 * A service raises a plain exception (`raise ValueError("Kennel … is at capacity")`) where its caller
 * on the request's path catches the project's own exception for exactly that refusal and answers
 * the status the contract (or the failing test) wants (`except service.KennelFull: raise
 * HTTPException(status_code=409, detail="Kennel is at capacity")`) → raise that exception instead,
 * message kept: the caller's answer, detail and all, is the project's. The exception class must be
 * bound in the raising module (defined or imported there), and exactly one caught class must answer
 * the wanted status. A plain raise no caller maps: left to python.validation-raise.
 */
export const pythonCaughtDomainException: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: "raise the project's own exception its caller answers with the documented status",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], culprit: true, contract: true },
  async *candidates(context) {
    const { exception, culprit, tree, python, operation } = context;
    if (!exception || !culprit || !PLAIN.has(exception.type.replace(/^builtins\./, ''))) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const raise = /^(\s*raise\s+)(ValueError|Exception|RuntimeError)(\(.*\))\s*$/.exec(lines[culprit.line - 1] ?? '');
    if (!raise) return;
    const asserted = await crashedRequestStatus(context);
    const wanted = [asserted, 409, 400, 422].filter(
      (s): s is number => s !== null && s >= 400 && s < 500 && s !== 404 && documents(operation, s),
    );
    const caught = new Map<string, Set<number>>();
    for (const frame of await requestFrames(context)) {
      if (frame.file === culprit.file && frame.line === culprit.line) continue;
      const caller = splitSource((await tree.read(frame.file)) ?? '').lines;
      for (let i = frame.fn.bodyLine - 1; i < frame.fn.endLine; i++) {
        const name = EXCEPT.exec(caller[i] ?? '')?.[1];
        const status = name ? ANSWER.exec(caller.slice(i + 1, i + 3).join('\n')) : null;
        if (!name || !status) continue;
        caught.set(name, (caught.get(name) ?? new Set()).add(Number(status[1] ?? status[2])));
      }
    }
    const module = (await python.modules()).get(culprit.file);
    const bound = (name: string) =>
      module?.classes.some((c) => c.name === name) ||
      module?.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === name));
    for (const status of [...new Set(wanted)]) {
      const classes = [...caught].filter(([name, s]) => s.has(status) && bound(name)).map(([name]) => name);
      if (classes.length !== 1) continue;
      const out = [...lines];
      out[culprit.line - 1] = `${raise[1]}${classes[0]}${raise[3]}`;
      await tree.write(culprit.file, join(out));
      yield {
        key: `${ID}#${status}`,
        summary:
          `raise ${classes[0]}, which the caller answers ${status}, not ${raise[2]} ` +
          `(${culprit.file}:${culprit.line})`,
        template: { recipe: ID, status },
      };
      return;
    }
  },
};
