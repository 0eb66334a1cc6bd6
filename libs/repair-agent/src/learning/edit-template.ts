import { z } from 'zod';

/**
 * A Getafix-style edit template: the lines around the culprit before and after the fix, with
 * the identifiers and string literals that vary between apps (entity, field and variable
 * names) abstracted into holes `⟨1⟩`, `⟨2⟩`… bound consistently on both sides.
 */
const editTemplateSchema = z.object({
  kind: z.literal('edit'),
  /** File-relative position does not matter; the template is anchored at the culprit line. */
  before: z.array(z.string()).min(1).max(12),
  after: z.array(z.string()).max(24),
  holes: z.number().int().nonnegative(),
});

/** A reference to a built-in recipe (its fix generalises by construction). */
const recipeTemplateSchema = z.object({
  kind: z.literal('recipe'),
  recipe: z.string(),
});

/** What a FixPattern's `template` holds. */
export const fixTemplateSchema = z.discriminatedUnion('kind', [editTemplateSchema, recipeTemplateSchema]);

/** An edit template. */
export type EditTemplate = z.infer<typeof editTemplateSchema>;

const TOKEN = /([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g;

// Names that belong to the language or its common libraries stay literal in templates.
const KEEP = new Set([
  'await',
  'async',
  'def',
  'return',
  'if',
  'else',
  'elif',
  'for',
  'in',
  'not',
  'and',
  'or',
  'is',
  'None',
  'True',
  'False',
  'import',
  'from',
  'as',
  'with',
  'try',
  'except',
  'finally',
  'raise',
  'lambda',
  'class',
  'pass',
  'self',
  'const',
  'let',
  'var',
  'function',
  'new',
  'this',
  'null',
  'undefined',
  'true',
  'false',
  'typeof',
  'export',
  'require',
  'of',
]);

/**
 * Abstracts a before/after pair of line blocks into a template. `vary` decides which identifier
 * or literal is app-specific (a hole); the rest stays literal.
 */
export function abstractEdit(
  before: readonly string[],
  after: readonly string[],
  vary: (token: string) => boolean,
): EditTemplate {
  const holes = new Map<string, number>();
  const indent = Math.min(
    ...[...before, ...after].filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
  );
  const abstract = (line: string) =>
    line.slice(Number.isFinite(indent) ? indent : 0).replace(TOKEN, (token) => {
      if (KEEP.has(token) || !vary(token)) return token.replace(/⟨/g, '');
      if (!holes.has(token)) holes.set(token, holes.size + 1);
      return `⟨${holes.get(token)}⟩`;
    });
  return { kind: 'edit', before: before.map(abstract), after: after.map(abstract), holes: holes.size };
}

/**
 * Finds the template's `before` block in `lines` starting within `radius` lines of `anchor`
 * (0-based) and returns the replacement, or null when it does not match.
 */
export function instantiateEdit(
  template: EditTemplate,
  lines: readonly string[],
  anchor: number,
  radius = 3,
): { start: number; end: number; replacement: string[] } | null {
  const matchers = template.before.map(toMatcher);
  const tried = new Set<number>();
  for (let distance = 0; distance <= radius; distance++) {
    for (const line of distance === 0 ? [anchor] : [anchor - distance, anchor + distance]) {
      // every block position that puts `line` inside the block
      for (let offset = 0; offset < matchers.length; offset++) {
        const at = line - offset;
        if (tried.has(at) || at < 0 || at + matchers.length > lines.length) continue;
        tried.add(at);
        const bound = matchBlock(matchers, lines, at);
        if (!bound) continue;
        const indent = /^\s*/.exec(lines[at]!)![0];
        const replacement = template.after.map((text) => (text.trim() === '' ? '' : indent + fill(text, bound)));
        if (replacement.some((text) => /⟨\d+⟩/.test(text))) continue;
        return { start: at, end: at + matchers.length, replacement };
      }
    }
  }
  return null;
}

function toMatcher(line: string): { regex: RegExp; holes: number[] } {
  const holes: number[] = [];
  let source = '';
  let last = 0;
  for (const match of line.matchAll(/⟨(\d+)⟩/g)) {
    source += escapeLoose(line.slice(last, match.index));
    holes.push(Number(match[1]));
    source += '([A-Za-z_][A-Za-z0-9_]*|"(?:[^"\\\\]|\\\\.)*"|\'(?:[^\'\\\\]|\\\\.)*\')';
    last = match.index! + match[0].length;
  }
  source += escapeLoose(line.slice(last));
  return { regex: new RegExp(`^\\s*${source}\\s*$`), holes };
}

// Literal text, with runs of whitespace matching any whitespace.
function escapeLoose(text: string): string {
  return text
    .split(/\s+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('\\s*');
}

function matchBlock(
  matchers: readonly { regex: RegExp; holes: number[] }[],
  lines: readonly string[],
  at: number,
): Map<number, string> | null {
  const holes = new Map<number, string>();
  for (let i = 0; i < matchers.length; i++) {
    const match = matchers[i]!.regex.exec(lines[at + i]!);
    if (!match) return null;
    for (let h = 0; h < matchers[i]!.holes.length; h++) {
      const hole = matchers[i]!.holes[h]!;
      const value = match[h + 1]!;
      if (holes.has(hole) && holes.get(hole) !== value) return null;
      holes.set(hole, value);
    }
  }
  return holes;
}

function fill(line: string, holes: ReadonlyMap<number, string>): string {
  return line.replace(/⟨(\d+)⟩/g, (whole, n: string) => holes.get(Number(n)) ?? whole);
}
