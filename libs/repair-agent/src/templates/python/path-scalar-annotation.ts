// Whether a handler parameter's annotation is a plain scalar FastAPI may read from a path segment:
// `int`, `Annotated[int, Path(...)]` written inline, or a module-level alias of one
// (`ItemId = Annotated[int, Path(description="Item id")]`, in the route's module or one other).
import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { maskStrings } from './expression-text.js';

// A plain scalar parameter FastAPI reads from the query string when no path segment names it.
const SCALAR = /^(?:int|str|float|UUID|uuid\.UUID)$/;
const ANNOTATED = /^(?:typing\.)?Annotated\[\s*([\w.]+)\s*,([\s\S]*)\]$/;
// Metadata that reads the value from elsewhere than the path: then the name is not the path's to take.
const ELSEWHERE = /\b(?:Query|Depends|Body|Header|Cookie|Form|File|Security)\s*\(/;

/** Whether the annotation is a scalar, directly, as `Annotated[scalar, Path(...)]`, or through an alias of that. */
export async function isPathScalar(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  file: string,
  annotation: string,
): Promise<boolean> {
  const text = annotation.trim();
  if (SCALAR.test(text) || annotatedScalar(text)) return true;
  if (!/^[A-Za-z_]\w*$/.test(text)) return false;
  const own = aliasIn(await tree.read(file), text);
  if (own !== null) return annotatedScalar(own);
  // An alias imported from the one other module that defines it (`from app.deps import ItemId`).
  const defined = (await python.definitionsOf(text)).filter((d) => d.kind === 'variable' && d.file !== file);
  if (defined.length !== 1) return false;
  const other = aliasIn(await tree.read(defined[0]!.file), text);
  return other !== null && annotatedScalar(other);
}

function annotatedScalar(text: string): boolean {
  const m = ANNOTATED.exec(text.replace(/\s+/g, ' ').trim());
  return m !== null && SCALAR.test(m[1]!) && !ELSEWHERE.test(maskStrings(m[2]!));
}

// The right-hand side of `NAME = ...` at module level, up to where its brackets close; null when absent.
function aliasIn(source: string | null, name: string): string | null {
  if (source === null) return null;
  const { lines } = splitSource(source);
  const start = lines.findIndex((l) => new RegExp(`^${name}\\s*(?::\\s*[\\w.]+\\s*)?=(?!=)`).test(l));
  if (start < 0) return null;
  let text = lines[start]!.slice(lines[start]!.indexOf('=') + 1);
  let depth = 0;
  for (let i = start; ; i++) {
    if (i > start) text += `\n${lines[i] ?? ''}`;
    const masked = maskStrings(i === start ? text : (lines[i] ?? ''));
    for (const ch of masked) depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
    if (depth <= 0 || i >= lines.length - 1) break;
  }
  return depth === 0 ? text.trim() : null;
}
