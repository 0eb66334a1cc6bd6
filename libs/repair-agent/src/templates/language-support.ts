import { NODE_SOURCE_FILE } from '../node/js-ast.js';
import { nodeRecipes } from '../recipes/node/index.js';
import { pythonRecipes } from '../recipes/python/index.js';
import type { SourceTree } from '../source/source-tree.js';
import { nodeTemplates } from './node/index.js';
import { pythonTemplates } from './python/index.js';
import { recipeTemplate, type RepairTemplate } from './template.js';

/**
 * One language the repair engine supports: which files are its sources, which trace languages
 * (log-parser's) it repairs, and its templates in the order they are tried. Adding a template is
 * one file plus one line in its language's `templates/<language>/index.ts`; adding a language is
 * one more entry in `LANGUAGES`.
 */
export interface LanguageSupport {
  readonly id: string;
  /** The log-parser `StackTrace.language` values this language repairs. */
  readonly traceLanguages: readonly string[];
  /** Whether a project file (relative path) is a source file of this language. */
  matches(path: string): boolean;
  readonly templates: readonly RepairTemplate[];
}

/** Python: the recipes (exact shapes first), then the contract-guided templates. */
export const pythonSupport: LanguageSupport = {
  id: 'python',
  traceLanguages: ['python'],
  matches: (path) => path.endsWith('.py'),
  templates: [...pythonRecipes.map((r) => recipeTemplate(r)), ...pythonTemplates],
};

/** JavaScript and TypeScript (Node): the recipes, then the contract-guided templates. */
export const nodeSupport: LanguageSupport = {
  id: 'node',
  traceLanguages: ['node'],
  matches: (path) => NODE_SOURCE_FILE.test(path),
  templates: [...nodeRecipes.map((r) => recipeTemplate(r)), ...nodeTemplates],
};

/** Every supported language. */
export const LANGUAGES: readonly LanguageSupport[] = [pythonSupport, nodeSupport];

/** The language a trace of `traceLanguage` is repaired in, if any. */
export function languageOfTrace(traceLanguage: string): LanguageSupport | undefined {
  return LANGUAGES.find((l) => l.traceLanguages.includes(traceLanguage));
}

/** The project's supported languages, the one with most source files first. */
export async function projectLanguages(
  tree: Pick<SourceTree, 'list'>,
  languages: readonly LanguageSupport[] = LANGUAGES,
): Promise<string[]> {
  const files = await tree.list();
  return languages
    .map((language) => ({ id: language.id, count: files.filter((f) => language.matches(f)).length }))
    .filter((l) => l.count > 0)
    .sort((a, b) => b.count - a.count)
    .map((l) => l.id);
}

/** Every built-in template of every language, in order. */
export function builtInTemplates(languages: readonly LanguageSupport[] = LANGUAGES): readonly RepairTemplate[] {
  return languages.flatMap((l) => l.templates);
}
