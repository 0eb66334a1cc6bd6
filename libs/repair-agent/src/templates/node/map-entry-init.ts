import { lineText, offsetOf } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.map-entry-init';
// What a Map entry must be for the method called on it: a list, a set, a map.
const EMPTY: Readonly<Record<string, string>> = { push: '[]', unshift: '[]', add: 'new Set()', set: 'new Map()' };

/**
 * A Map's entry read and changed in place before any was made for that key
 * (`store.ledger.get(paper.id)!.push(movement)` for a paper the seed gave no ledger): `TypeError:
 * Cannot read properties of undefined (reading 'push')` → the entry made on first use, on the line
 * before: `if (!store.ledger.has(paper.id)) store.ledger.set(paper.id, []);` (`new Set()` for
 * `.add`, `new Map()` for `.set`). Only a `.get(key)` whose receiver's property the project makes
 * with `new Map(`, called on by that method, as the failing line's statement.
 */
export const nodeMapEntryInit: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "make a Map's entry on first use before changing it in place",
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree }) {
    const method = /^Cannot read properties of undefined \(reading '(\w+)'\)/.exec(exception?.message ?? '')?.[1];
    const empty = method ? EMPTY[method] : undefined;
    const source = culprit ? await tree.read(culprit.file) : null;
    if (!culprit || !empty || source === null) return;
    const text = lineText(source, culprit.line);
    const read = new RegExp(`^(\\s*)([\\w$.]+)\\.get\\(([^()]*(?:\\([^()]*\\))?[^()]*)\\)!?\\??\\.${method}\\(`).exec(
      text,
    );
    if (!read) return;
    const [, indent, receiver, key] = read as unknown as [string, string, string, string];
    const property = receiver.split('.').at(-1)!;
    if (!(await madeAsMap(tree, property))) return;
    const at = offsetOf(source, culprit.line);
    const guard = `${indent}if (!${receiver}.has(${key})) ${receiver}.set(${key}, ${empty});\n`;
    await tree.write(culprit.file, source.slice(0, at) + guard + source.slice(at));
    yield {
      key: ID,
      summary: `make ${receiver}'s entry for ${key} (${empty}) before .${method}() (${culprit.file}:${culprit.line})`,
      template: { recipe: ID },
    };
  },
};

// A property or variable of that name made with `new Map(` somewhere in the project.
async function madeAsMap(tree: SourceTree, name: string): Promise<boolean> {
  const made = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}\\s*(?::[^=,;]*)?[:=]\\s*new Map\\b`);
  for (const file of await projectSourceFiles(tree)) if (made.test((await tree.read(file)) ?? '')) return true;
  return false;
}
