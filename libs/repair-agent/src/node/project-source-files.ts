import type { SourceTree } from '../source/source-tree.js';
import { NODE_SOURCE_FILE } from './js-ast.js';

// Dependencies, build output and tests are not where a served request's bug lives.
const NOT_PROJECT_SOURCE = /(^|\/)(node_modules|dist|build|coverage|tests?|__tests__)\//;

/** The tree's JavaScript and TypeScript sources a template may read or edit: no dependencies, build output or tests. */
export async function projectSourceFiles(tree: Pick<SourceTree, 'list'>): Promise<string[]> {
  return (await tree.list()).filter((f) => NODE_SOURCE_FILE.test(f) && !NOT_PROJECT_SOURCE.test(f));
}
