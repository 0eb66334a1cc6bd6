import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';

const NOT_MAPPED = /Class '(?:builtins\.)?(?:int|str|uuid\.UUID|UUID)' is not mapped/;

/**
 * `session.delete(harvest_id)` hands SQLAlchemy the id, not the row: `UnmappedInstanceError: Class
 * 'builtins.int' is not mapped` → delete the entity the function loaded by that id (`harvest =
 * db.get(Harvest, harvest_id)` above it). Only a `.delete(name)` on the culprit line whose name an
 * earlier assignment of the function passed to a lookup (`.get(`, `.first()`, `.scalar_one…`, a
 * `get_…`/`find_…` call), the one such variable; otherwise no candidate.
 */
export const pythonDeleteLoadedEntity: RepairTemplate = {
  id: 'python.delete-loaded-entity',
  language: 'python',
  summary: 'delete the entity loaded by an id, not the id itself',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: ['UnmappedInstanceError', 'sqlalchemy.orm.exc.UnmappedInstanceError'],
    culprit: true,
  },
  async *candidates({ exception, culprit, tree, python }) {
    if (!culprit || !NOT_MAPPED.test(exception?.message ?? '')) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const line = lines[culprit.line - 1]!;
    const call = /\.delete\(\s*([A-Za-z_]\w*)\s*\)/.exec(line.slice(0, codeEnd(line)));
    if (!call) return;
    const id = call[1]!;
    const loaded = new Set<string>();
    const lookup = new RegExp(
      `^\\s*([A-Za-z_]\\w*)\\s*(?::[^=]+)?=(?!=)\\s*(?:await\\s+)?.*(?:\\.get\\(|\\bget_\\w*\\(|\\bfind_\\w*\\(|` +
        `\\.first\\(|\\.scalar_one|\\.one\\().*`,
    );
    for (let i = fn.bodyLine; i < culprit.line; i++) {
      const text = lines[i - 1]!.slice(0, codeEnd(lines[i - 1]!));
      const m = lookup.exec(text);
      if (m && m[1] !== id && new RegExp(`(?<![\\w.])${id}\\b`).test(text.slice(text.indexOf('=') + 1)))
        loaded.add(m[1]!);
    }
    if (loaded.size !== 1) return;
    const entity = [...loaded][0]!;
    lines[culprit.line - 1] =
      `${line.slice(0, call.index)}.delete(${entity})${line.slice(call.index + call[0].length)}`;
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.delete-loaded-entity',
      summary: `delete ${entity} (loaded by ${id}), not ${id}, at ${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.delete-loaded-entity' },
    };
  },
};
