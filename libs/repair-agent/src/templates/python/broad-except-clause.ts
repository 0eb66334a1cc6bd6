import type { FunctionSummary } from '../../python/module-summary.js';
import { indentOf, maskStrings } from './expression-text.js';

// `except:`, `except Exception:`, `except (BaseException) as exc:` — a clause that catches everything.
const BROAD = /^(\s*)except\s*(?:\(?\s*(?:Exception|BaseException)\s*\)?\s*(?:as\s+\w+\s*)?)?:\s*$/;

/** A catch-all `except` clause of a `try` in a function, with the lines around it (1-based, inclusive). */
export interface BroadClause {
  /** The clause's own line. */
  readonly line: number;
  readonly indent: string;
  /** The indentation of the clause's body. */
  readonly bodyIndent: string;
  /** The `try` body. */
  readonly tryBody: { from: number; to: number };
  /** The clause's body, strings masked. */
  readonly body: string;
  /** The exception names of the same `try`'s earlier clauses (`except (A, b.B) as e:` → A, b.B). */
  readonly earlier: readonly string[];
}

/** The catch-all clauses in the function's body, each with its `try`. */
export function broadClauses(lines: readonly string[], fn: FunctionSummary): BroadClause[] {
  const out: BroadClause[] = [];
  for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
    const m = BROAD.exec(maskStrings(lines[i] ?? ''));
    if (!m) continue;
    const indent = m[1]!;
    const earlier: string[] = [];
    let tryAt = -1;
    let firstExcept = i;
    // Up to the clause's own `try`: lines at its indentation are only earlier clauses.
    for (let j = i - 1; j >= fn.bodyLine - 1; j--) {
      const text = maskStrings(lines[j]!);
      if (text.trim() === '') continue;
      const depth = indentOf(text).length;
      if (depth < indent.length) break;
      if (depth > indent.length) continue;
      const clause = /^\s*except\b\s*\(?([\w.,\s]*?)\)?\s*(?:as\s+\w+\s*)?:/.exec(text);
      if (clause) {
        earlier.push(...clause[1]!.split(',').map((n) => n.trim()));
        firstExcept = j;
      } else {
        if (/^\s*try\s*:\s*$/.test(text)) tryAt = j;
        break;
      }
    }
    if (tryAt < 0) continue;
    const body: string[] = [];
    for (let k = i + 1; k < fn.endLine; k++) {
      const text = maskStrings(lines[k] ?? '');
      if (text.trim() !== '' && indentOf(text).length <= indent.length) break;
      body.push(text);
    }
    const first = body.find((l) => l.trim() !== '');
    if (first === undefined) continue;
    out.push({
      line: i + 1,
      indent,
      bodyIndent: indentOf(first),
      tryBody: { from: tryAt + 2, to: firstExcept },
      body: body.join('\n'),
      earlier: earlier.filter(Boolean),
    });
  }
  return out;
}
