/**
 * Scenario selection (`smoke.select`, the CLI's `-k`, `--include-path`, `--include-method`,
 * `--exclude-path`, `--exclude-method`): which scenarios of a smoke run. Paths are OpenAPI path
 * templates matched as written or as picomatch globs (a star for one segment, two for any
 * number, the collection itself included); methods ignore
 * case; the keyword expression is pytest's `-k`: words matched case-insensitively anywhere in
 * the scenario id (`POST /products #2`), combined with `and`, `or`, `not` and parentheses.
 */
import picomatch from 'picomatch';
import { z } from 'zod';
import { SmokeValidatorError } from '../errors.js';

/** zod schema of `smoke.select`. Every part optional; an empty selection keeps every scenario. */
export const scenarioSelectionSchema = z.strictObject({
  /** pytest-style `-k` expression over scenario ids: `products and not delete`. */
  keyword: z.string().min(1).optional(),
  includePaths: z.array(z.string().min(1)).optional(),
  includeMethods: z.array(z.string().min(1)).optional(),
  excludePaths: z.array(z.string().min(1)).optional(),
  excludeMethods: z.array(z.string().min(1)).optional(),
});

/** A scenario selection as configured. */
export type ScenarioSelection = z.output<typeof scenarioSelectionSchema>;

/** An invalid `-k` expression (unbalanced parentheses, a dangling `and`…). */
export class KeywordExpressionError extends SmokeValidatorError {
  readonly code = 'SMOKE_KEYWORD_EXPRESSION';
}

/**
 * The predicate of a selection over `{ id, method, path }`. Throws `KeywordExpressionError` for a
 * bad keyword expression (checked up front, before any request).
 */
export function scenarioFilter(
  selection: ScenarioSelection = {},
): (s: { readonly id: string; readonly method: string; readonly path: string }) => boolean {
  const keyword = selection.keyword ? parseKeywordExpression(selection.keyword) : null;
  // A template is matched as written first: `{id}` is a parameter to the user, a brace set to a glob.
  const paths = (list: readonly string[] | undefined) => {
    if (!list || list.length === 0) return null;
    const glob = picomatch([...list], { dot: true });
    return (path: string) => list.includes(path) || glob(path);
  };
  const methods = (list: readonly string[] | undefined) =>
    list && list.length > 0 ? new Set(list.map((m) => m.toUpperCase())) : null;
  const includePath = paths(selection.includePaths);
  const excludePath = paths(selection.excludePaths);
  const includeMethod = methods(selection.includeMethods);
  const excludeMethod = methods(selection.excludeMethods);
  return (s) => {
    const method = s.method.toUpperCase();
    if (includePath && !includePath(s.path)) return false;
    if (excludePath?.(s.path)) return false;
    if (includeMethod && !includeMethod.has(method)) return false;
    if (excludeMethod?.has(method)) return false;
    return keyword ? keyword(s.id.toLowerCase()) : true;
  };
}

type Matcher = (id: string) => boolean;

/**
 * Parses a `-k` expression into a matcher of lower-cased ids. Grammar (pytest's):
 * `or := and ('or' and)*`, `and := not ('and' not)*`, `not := 'not' not | '(' or ')' | word`.
 */
export function parseKeywordExpression(expression: string): Matcher {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const fail = (what: string): never => {
    throw new KeywordExpressionError(`-k "${expression}": ${what}`);
  };
  const orExpr = (): Matcher => {
    let left = andExpr();
    while (peek()?.toLowerCase() === 'or') {
      at++;
      const l = left;
      const r = andExpr();
      left = (id) => l(id) || r(id);
    }
    return left;
  };
  const andExpr = (): Matcher => {
    let left = notExpr();
    while (peek()?.toLowerCase() === 'and') {
      at++;
      const l = left;
      const r = notExpr();
      left = (id) => l(id) && r(id);
    }
    return left;
  };
  const notExpr = (): Matcher => {
    const token = peek();
    if (token === undefined) return fail('an expression ends where a word was expected');
    at++;
    if (token.toLowerCase() === 'not') {
      const inner = notExpr();
      return (id) => !inner(id);
    }
    if (token === '(') {
      const inner = orExpr();
      if (peek() !== ')') fail('a "(" is not closed');
      at++;
      return inner;
    }
    if (token === ')' || ['and', 'or'].includes(token.toLowerCase())) fail(`"${token}" where a word was expected`);
    const word = token.toLowerCase();
    return (id) => id.includes(word);
  };
  if (tokens.length === 0) fail('empty');
  const matcher = orExpr();
  if (at < tokens.length) fail(`unexpected "${tokens[at]}"`);
  return matcher;
}
