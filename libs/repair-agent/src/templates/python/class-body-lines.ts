import type { PythonProject } from '../../python/python-project.js';
import { splitSource } from '../../python/python-edits.js';
import type { SourceTree } from '../../source/source-tree.js';

/** One line of a class body in the project. */
export interface ClassBodyLine {
  readonly file: string;
  readonly cls: string;
  /** 1-based. */
  readonly line: number;
  readonly text: string;
}

/**
 * The body lines (after the `class` line) of every project class, in modules whose text mentions
 * `mentioning`, or only those of the class named `owner`: where models and schemas declare fields.
 */
export async function* classBodyLines(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  mentioning: string,
  owner?: string,
): AsyncGenerator<ClassBodyLine> {
  for (const [file, module] of await python.modules()) {
    if (module.classes.length === 0) continue;
    const source = await tree.read(file);
    if (source === null || !source.includes(mentioning)) continue;
    const { lines } = splitSource(source);
    for (const cls of module.classes) {
      if (owner !== undefined && cls.name !== owner) continue;
      for (let i = cls.line; i < cls.endLine; i++) yield { file, cls: cls.name, line: i + 1, text: lines[i] ?? '' };
    }
  }
}
