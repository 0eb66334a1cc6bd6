import type { StackTrace } from '@smoke-repair/log-parser';
import type { SourceTree } from '../../source/source-tree.js';
import { linesOf, type EsNode, walk } from './estree.js';
import { frameSources } from './frame-sources.js';

/** A string or template literal of SQL at one of the trace's in-app frames. */
export interface SqlAtFrame {
  readonly file: string;
  readonly source: string;
  readonly node: EsNode;
  readonly ancestors: readonly EsNode[];
}

/**
 * The string and template literals on the lines of the trace's in-app frames, innermost frame
 * first: those spanning the frame's line, and the arguments of a call that starts on it (`return
 * get(` on the frame's line, its SQL template on the lines below).
 */
export async function* sqlAtFrames(trace: StackTrace | null, tree: SourceTree): AsyncGenerator<SqlAtFrame> {
  for await (const { file, line, source, program } of frameSources(trace, tree)) {
    for (const { node, ancestors } of walk(program)) {
      if (!isText(node)) continue;
      const [first, last] = linesOf(node);
      const parent = ancestors.at(-1);
      const argumentOf =
        parent?.type === 'CallExpression' &&
        (parent['arguments'] as EsNode[]).includes(node) &&
        linesOf(parent)[0] === line;
      if ((first <= line && line <= last) || argumentOf) yield { file, source, node, ancestors };
    }
  }
}

/** A string or template literal. */
export function isText(node: EsNode): boolean {
  return (node.type === 'Literal' && typeof node['value'] === 'string') || node.type === 'TemplateLiteral';
}

/** The tables a SQL text reads or writes (`FROM beds`, `JOIN t`, `UPDATE x`, `INTO y`), lower-cased. */
export function tablesNamed(text: string): string[] {
  return [...text.matchAll(/\b(?:FROM|JOIN|UPDATE|INTO)\s+["'`]?(\w+)/gi)].map((m) => m[1]!.toLowerCase());
}
