import type { StackTrace } from '@smoke-repair/log-parser';
import { locateCulprit } from '../../localize.js';
import type { SourceTree } from '../../source/source-tree.js';
import { parseFile, type EsNode } from './estree.js';

/** One in-app frame of a trace as the tree has it: its file, line, source and parsed program. */
export interface FrameSource {
  readonly file: string;
  readonly line: number;
  readonly source: string;
  readonly program: EsNode;
}

/**
 * The trace's in-app frames, innermost first (the culprit's own first, unless `callersOnly`), each
 * with its file's source parsed; frames outside the tree or unparsable are skipped.
 */
export async function* frameSources(
  trace: StackTrace | null,
  tree: SourceTree,
  callersOnly = false,
): AsyncGenerator<FrameSource> {
  const frames = (trace?.frames ?? []).filter((f) => f.inApp).reverse();
  for (const frame of callersOnly ? frames.slice(1) : frames) {
    const where = await locateCulprit({ culprit: frame } as StackTrace, tree);
    const source = where ? await tree.read(where.file) : null;
    const program = where && source !== null ? parseFile(where.file, source) : null;
    if (where && source !== null && program) yield { file: where.file, line: where.line, source, program };
  }
}
