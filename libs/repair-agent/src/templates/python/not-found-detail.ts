import type { PythonProject } from '../../python/python-project.js';
import { isTestFile } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';

// `detail=f"Order {order_id} not found"` and `detail="Order not found"`, as the project writes its 404s.
const WITH_ID = /status_code\s*=\s*404\s*,\s*detail\s*=\s*f(["'])[^"'{]*\{[^}]+\}[^"']*not found\1/g;
const WITHOUT_ID = /status_code\s*=\s*404\s*,\s*detail\s*=\s*(["'])[^"'{]*not found\1/g;

/**
 * The detail a new 404 gives, the way the project words its others: `f"Horse {horse_id} not found"`
 * when most of its 404 details name the id looked up (and the lookup names one), else
 * `"Horse not found"`; the label in lower case when most of them start so (`"horse not found"`). A
 * Python expression.
 */
export async function notFoundDetail(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  label: string,
  lookup: string,
): Promise<string> {
  let named = 0;
  let bare = 0;
  let lower = 0;
  for (const file of (await python.modules()).keys()) {
    if (isTestFile(file)) continue;
    const text = (await tree.read(file)) ?? '';
    for (const [kind, pattern] of [
      ['named', WITH_ID],
      ['bare', WITHOUT_ID],
    ] as const) {
      for (const m of text.matchAll(pattern)) {
        if (kind === 'named') named++;
        else bare++;
        const first = /detail\s*=\s*f?["'](\w)/.exec(m[0])?.[1] ?? '';
        lower += first !== first.toUpperCase() ? 1 : -1;
      }
    }
  }
  // "shelf not found" where most of the project's details start in lower case.
  const worded = lower > 0 ? label.toLowerCase() : label;
  const plain = JSON.stringify(`${worded} not found`);
  const id = /,\s*([a-z_]\w*)\s*\)\s*(?:\.\w+\(\))*\s*$/.exec(lookup)?.[1] ?? /\b([a-z]\w*_id)\b/.exec(lookup)?.[1];
  if (!id) return plain;
  return named > bare ? `f${JSON.stringify(`${worded} {${id}} not found`)}` : plain;
}
