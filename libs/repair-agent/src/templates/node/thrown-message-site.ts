import type { Violation } from '@smoke-repair/smoke-validator';
import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import { parseFile, spanOf, walk, type EsNode } from './estree.js';
import { answerStrings } from '../shared/refusals.js';

/** A string or template literal in the project that could have produced an error answer's message. */
export interface MessageSite {
  readonly file: string;
  readonly source: string;
  readonly program: EsNode;
  /** The literal, with its ancestors outermost first. */
  readonly node: EsNode;
  readonly ancestors: readonly EsNode[];
}

/**
 * Where a 4xx answer's message was written: the literals whose text is the message, a template
 * literal's `${…}` standing for any text (`Slip ${id} is not open` for "Slip 3 is not open"). A
 * 4xx carries no trace, but its message names the guard that refused the request. Messages shorter
 * than 12 characters ("Not Found") name no site.
 */
export async function messageSites(tree: SourceTree, violations: readonly Violation[]): Promise<MessageSite[]> {
  const messages = new Set<string>();
  for (const v of violations) {
    if (v.actualStatus === null || v.actualStatus < 400 || v.actualStatus >= 500) continue;
    for (const text of answerStrings(v)) if (text.length >= 12) messages.add(text);
  }
  if (messages.size === 0) return [];
  const out: MessageSite[] = [];
  for (const file of await projectSourceFiles(tree)) {
    const source = await tree.read(file);
    const program = source === null ? null : parseFile(file, source);
    if (!program || source === null) continue;
    for (const { node, ancestors } of walk(program)) {
      const pattern = literalPattern(node, source);
      if (pattern && [...messages].some((m) => pattern.test(m))) out.push({ file, source, program, node, ancestors });
    }
  }
  return out;
}

// A literal's text as an anchored pattern (`${…}` as any text), or null for other nodes and short text.
function literalPattern(node: EsNode, source: string): RegExp | null {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (node.type === 'Literal' && typeof node['value'] === 'string') {
    const value = node['value'];
    return value.length >= 12 ? new RegExp(`^${escape(value)}$`) : null;
  }
  if (node.type !== 'TemplateLiteral') return null;
  const quasis = (node['quasis'] as EsNode[]).map((q) => ((q['value'] as { cooked?: string }).cooked ?? '') as string);
  if (quasis.join('').replace(/\s/g, '').length < 8) return null;
  const [start, end] = spanOf(node);
  if (end - start > 400 || source.slice(start, end).includes('\n')) return null;
  return new RegExp(`^${quasis.map(escape).join('.+?')}$`, 's');
}
