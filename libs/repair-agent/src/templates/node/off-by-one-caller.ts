import type { StackTrace } from '@smoke-repair/log-parser';
import { locateCulprit } from '../../localize.js';
import { lineText } from '../../node/js-edits.js';
import type { NodeProject } from '../../node/node-project.js';
import { culpritModule, enclosingFunctions } from '../../recipes/node/scope.js';
import type { SourceTree } from '../../source/source-tree.js';

/** Where an element was read by index: the file, its enclosing function and the reading line. */
export interface IndexedRead {
  readonly file: string;
  readonly source: string;
  readonly fnStart: number;
  readonly line: number;
  readonly text: string;
  readonly array: string;
  readonly index: string;
}

/**
 * The failing line dereferences a parameter (`session.id` in `formatSession(session)`) that the
 * caller, the frame below the culprit, passed as `arr[i]` (`formatSession(sessions[i])`): the
 * element read is the caller's, so its loop is the one to look at.
 */
export async function callerIndexedRead(
  trace: StackTrace | null,
  tree: SourceTree,
  node: NodeProject,
  callee: string,
  paramIndex: number,
): Promise<IndexedRead | null> {
  if (!callee || paramIndex < 0) return null;
  const frames = (trace?.frames ?? []).filter((f) => f.inApp);
  const frame = frames[frames.length - 2];
  const where = frame ? await locateCulprit({ culprit: frame } as StackTrace, tree) : null;
  const source = where ? await tree.read(where.file) : null;
  const module = where ? await culpritModule(node, where.file) : undefined;
  const fn = where && module ? enclosingFunctions(module, where.line).at(-1) : undefined;
  if (!where || source === null || !fn) return null;
  const text = lineText(source, where.line);
  const esc = callee.replace(/\$/g, '\\$');
  for (const call of text.matchAll(new RegExp(`(?<![\\w$])${esc}\\s*\\(([^()]*)\\)`, 'g'))) {
    const arg = call[1]!.split(',')[paramIndex]?.trim() ?? '';
    const read = /^([\w$.]+)\[\s*([A-Za-z_$][\w$]*)\s*\]$/.exec(arg);
    if (read)
      return { file: where.file, source, fnStart: fn.start, line: where.line, text, array: read[1]!, index: read[2]! };
  }
  return null;
}
