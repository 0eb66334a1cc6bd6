import { splitSource } from '../../python/python-edits.js';
import { maskStrings } from './expression-text.js';
import { matches, refusedDocumentedFields, type DocumentedField } from '../shared/documented-formats.js';
import { siteKey, type RepairTemplate } from '../template.js';

const ID = 'python.format-pattern';
const NOT_PROJECT = /(^|\/)(\.venv|venv|site-packages|node_modules|tests?)\//;
// A string literal, raw or not, single-line: prefix, quote, body (groups 2-4 of both patterns below, one
// group, the name, before it).
const LITERAL = String.raw`([rR]?)(["'])((?:\\.|(?!\3).)*)\3`;
// `EMAIL_RE = re.compile(r"…", re.I)`: the binding, the literal, the flags.
const COMPILED = new RegExp(String.raw`^\s*([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*re\.compile\(\s*${LITERAL}\s*(,[^)]*)?\)`);
// `email: str = Field(…, pattern=r"…")`, `constr(pattern=…)`, pydantic 1's `regex=`: the field, the literal.
const FIELD = new RegExp(String.raw`^\s*([A-Za-z_]\w*)\s*:[^=]*=\s*.*\b(?:pattern|regex)\s*=\s*${LITERAL}`);

/**
 * The documented example is refused with a 422/400 because a hand-written pattern for one of its
 * fields is too strict (`email: str = Field(pattern=r"^[\w.]+@[a-z]+\.[a-z]{2,3}$")` refuses a
 * hyphenated or multi-label domain). Evidence as for `node.format-pattern`
 * (shared/documented-formats.ts): the contract documents the field with a `pattern` or a `format`
 * and an example; the answer names the field; a pattern bound to the field (`pattern=` of its
 * `Field`) or named for it or its format (`EMAIL_RE = re.compile(…)`) refuses the example. The
 * pattern becomes the contract's own, else a sound one for the format, which still refuses what
 * is plainly not of it. Only single-line literals whose regex reads the same in JavaScript.
 */
export const pythonFormatPattern: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: "a pattern that refuses the contract's own example of a field → the contract's or a sound pattern",
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, operation }) {
    const fields = refusedDocumentedFields(operation, cause.violations);
    if (fields.length === 0) return;
    for (const file of (await tree.list()).filter((f) => f.endsWith('.py') && !NOT_PROJECT.test(f))) {
      const source = (await tree.read(file)) ?? '';
      const { lines, join } = splitSource(source);
      for (let i = 0; i < lines.length; i++) {
        const site = patternSite(lines[i]!, fields);
        if (!site) continue;
        const quote = site.field.sound.pattern.includes('"') ? "'" : '"';
        if (site.field.sound.pattern.includes(quote)) continue;
        const replacement = `r${quote}${site.field.sound.pattern}${quote}`;
        const updated = [...lines];
        updated[i] = lines[i]!.slice(0, site.start) + replacement + lines[i]!.slice(site.end);
        await tree.write(file, join(updated));
        yield {
          key: siteKey(ID, file, i + 1),
          summary: `a sound ${site.field.kind} pattern for ${site.name}, which refused the example ${site.field.field}`,
          template: { recipe: ID, kind: site.field.kind },
        };
      }
    }
  },
};

interface PatternSite {
  readonly name: string;
  readonly field: DocumentedField;
  readonly start: number;
  readonly end: number;
}

// The pattern literal on a line, when it is bound to a refused field's name and refuses its example.
function patternSite(line: string, fields: readonly DocumentedField[]): PatternSite | null {
  const compiled = COMPILED.exec(line);
  const match = compiled ?? FIELD.exec(line);
  if (!match) return null;
  const [whole, name, prefix, quote, body] = match as unknown as [string, string, string, string, string];
  const flags = compiled && /re\.(I|IGNORECASE)\b/.test(compiled[5] ?? '') ? 'i' : '';
  const pattern = asJavaScript(prefix === '' ? unescapePlain(body) : body);
  if (pattern === null) return null;
  const field = fields.find((f) => f.names(name) && !matches({ pattern, flags }, f.value));
  if (!field) return null;
  const literal = `${prefix}${quote}${body}${quote}`;
  const start = match.index + whole.lastIndexOf(literal);
  // A literal of the code, not text inside another string (`Field(description="regex='x'")`): its
  // opening quote survives masking.
  if (maskStrings(line)[start + prefix.length] !== quote) return null;
  return { name, field, start, end: start + literal.length };
}

// A Python regex as JavaScript reads it, or null when a construct reads differently.
function asJavaScript(pattern: string | null): string | null {
  if (pattern === null || /\(\?[aiLmsux#]|\\[AZ]|\(\?P=/.test(pattern)) return null;
  return pattern.replace(/\(\?P</g, '(?<');
}

// The regex a plain (non-raw) literal spells: `\\` is one backslash; any other escape is left to Python.
function unescapePlain(body: string): string | null {
  if (/\\[^\\]/.test(body.replace(/\\\\/g, ''))) return null;
  return body.replace(/\\\\/g, '\\');
}
