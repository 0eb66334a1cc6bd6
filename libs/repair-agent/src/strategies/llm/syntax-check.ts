import { checkPythonSyntax, type SyntaxProblem } from '../../adapters/python-syntax-check.js';
import { NODE_SOURCE_FILE, parseProgram } from '../../node/js-ast.js';

export type { SyntaxProblem };

/**
 * Syntax errors in the files an edit touched, with the parsers the project has: Python through
 * the interpreter's own compiler, JavaScript through acorn, TypeScript through typescript-estree. Other languages are
 * not checked.
 */
export async function syntaxProblems(
  files: ReadonlyMap<string, string>,
  options: { readonly python?: string } = {},
): Promise<SyntaxProblem[]> {
  const python = [...files].filter(([path]) => /\.pyi?$/.test(path)).map(([path, source]) => ({ path, source }));
  const problems = await checkPythonSyntax(python, options.python ? { python: options.python } : {});
  for (const [path, source] of files) {
    if (!NODE_SOURCE_FILE.test(path)) continue;
    try {
      parseProgram(path, source);
    } catch (error) {
      const line = (error as { loc?: { line?: number } }).loc?.line ?? null;
      problems.push({ path, line, message: `SyntaxError: ${(error as Error).message.replace(/ \(\d+:\d+\)$/, '')}` });
    }
  }
  return problems;
}

/** One line per problem: `app/x.py:8: SyntaxError: invalid syntax`. */
export function describeSyntaxProblems(problems: readonly SyntaxProblem[]): string {
  return problems.map((p) => `${p.path}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('; ');
}
