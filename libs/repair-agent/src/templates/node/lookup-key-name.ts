import { lineText, replaceRange } from '../../node/js-edits.js';
import type { JsCall } from '../../node/js-module.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { culpritModule, enclosingFunctions } from '../../recipes/node/scope.js';
import { closestName, nameSimilarity } from '../../similarity.js';
import type { SourceTree } from '../../source/source-tree.js';
import { objectShape } from '../python/contract-schema.js';
import type { RepairTemplate } from '../template.js';
import { caseless } from './key-case.js';

const ID = 'node.lookup-key-name';

/**
 * A lookup found nothing because it was given a property the object never has, and the code then
 * used the result (`const project = await store.findById('projects', task.project_id)` →
 * `Cannot set properties of null (setting 'updatedAt')` a line later, where every task is made
 * with `projectId`) → read the property the project does write: the one key no spelling or case
 * style apart (`project_id` → `projectId`) that the code sets (`projectId: …`, `x.projectId = …`)
 * or the app's JSON data holds. Only when the wrong key is named nowhere but in member reads (no
 * code sets it, no data file, SQL text or schema holds it): a real key that is merely missing for
 * this record is no misspelling. The
 * result is never guarded: a lookup that misses for a real reason still fails loudly.
 */
export const nodeLookupKeyName: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'look up by the property the records really have',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given, operation }) {
    const node = given ?? nodeProjectFor(tree);
    if (!culprit || !exception) return;
    const module = await culpritModule(node, culprit.file);
    const source = await tree.read(culprit.file);
    if (!module || source === null) return;
    const chain = enclosingFunctions(module, culprit.line);
    for (const variable of dereferenced(exception.message, lineText(source, culprit.line))) {
      const call = chain
        .flatMap((f) => f.calls)
        .filter((c) => c.assignedTo === variable && c.line <= culprit.line)
        .sort((a, b) => a.start - b.start)
        .at(-1);
      if (!call) continue;
      const documented = Object.keys(objectShape(operation?.requestBody?.schema)?.properties ?? {});
      const found = await wrongKey(tree, source, call, documented);
      if (!found) continue;
      // Best first; a rejected spelling does not hide the next (`reviewerId`: `reviewedBy`, then `reviewed`).
      for (const [i, to] of found.to.entries()) {
        await tree.write(culprit.file, replaceRange(source, found.start, found.start + found.key.length, to));
        yield {
          key: i === 0 ? ID : `${ID}#${i + 1}`,
          summary:
            `look up ${variable} by ${found.object}.${to} instead of ${found.object}.${found.key} ` +
            `(${culprit.file}:${call.line})`,
          template: { recipe: ID, from: found.key, to },
        };
      }
      return;
    }
  },
};

// The variables a null / undefined dereference on the line names: `x.prop`, `x.prop = …`, `x['prop']`.
function dereferenced(message: string, line: string): string[] {
  const m = /^Cannot (?:read|set) properties of (?:undefined|null) \((?:reading|setting) '([^']+)'\)/.exec(message);
  if (!m) return [];
  const prop = m[1]!.replace(/[.$]/g, (c) => `\\${c}`);
  const out = new Set<string>();
  for (const v of line.matchAll(
    new RegExp(`(?<![\\w$.])([A-Za-z_$][\\w$]*)\\s*(?:\\.\\s*${prop}(?![\\w$])|\\[\\s*['"]${prop}['"]\\s*\\])`, 'g'),
  )) {
    if (v[1] !== 'this') out.add(v[1]!);
  }
  return [...out];
}

// The one property read in the lookup's arguments that no code or data writes, with the written
// keys it may stand for, best first: the one a case style apart; else the close spellings among the
// request body's documented fields (the contract names them), then the closest written key.
async function wrongKey(
  tree: SourceTree,
  source: string,
  call: JsCall,
  documented: readonly string[],
): Promise<{ object: string; key: string; start: number; to: string[] } | undefined> {
  const corpus = await projectText(tree);
  const found: { object: string; key: string; start: number; to: string[] }[] = [];
  for (const arg of call.args) {
    // `task.project_id`, a whole chain of two (never `req.params.x`: request keys are the contract's).
    for (const m of arg.text.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)\??\.([A-Za-z_$][\w$]*)(?![\w$(.])/g)) {
      const [, object, key] = m;
      if (written(corpus, key!)) continue;
      const keys = writtenKeys(corpus).filter((k) => k !== key);
      // A case style apart first (`project_id` / `projectId`), else the one close spelling.
      const styled = keys.filter((k) => caseless(k) === caseless(key!));
      if (styled.length > 1) continue;
      const near = documented
        .filter((k) => k !== key && nameSimilarity(key!, k) >= 0.6)
        .sort((a, b) => nameSimilarity(key!, b) - nameSimilarity(key!, a));
      const closest = closestName(key!, keys);
      const to = styled.length === 1 ? styled : [...new Set([...near, ...(closest ? [closest] : [])])].slice(0, 3);
      if (to.length > 0)
        found.push({ object: object!, key: key!, start: arg.start + m.index + m[0].length - key!.length, to });
    }
  }
  // The offsets are the module's: the argument's text must still be there.
  return found.length === 1 && source.slice(found[0]!.start, found[0]!.start + found[0]!.key.length) === found[0]!.key
    ? found[0]
    : undefined;
}

// Every JavaScript source, JSON data file and SQL schema of the app (no dependencies, no
// manifests): a column `project_id` the rows really have is written there.
async function projectText(tree: SourceTree): Promise<string> {
  const files = (await tree.list()).filter(
    (f) =>
      /\.(?:[cm]?[jt]s|tsx|json|sql)$/.test(f) &&
      !/(^|\/)(node_modules|dist|build|coverage)\//.test(f) &&
      !/(^|\/)package(-lock)?\.json$/.test(f),
  );
  return (await Promise.all(files.map((f) => tree.read(f)))).join('\n');
}

// Set or named somewhere other than by a member read: an assignment (`.key =`), an object key or
// shorthand, a string (`'key'`, a JSON data key, a column in SQL text), a schema's column.
function written(corpus: string, key: string): boolean {
  const k = key.replace(/\$/g, '\\$');
  return new RegExp(`\\.${k}\\s*=(?!=)|(?<![\\w$.])${k}(?![\\w$])`).test(corpus);
}

function writtenKeys(corpus: string): string[] {
  const keys = new Set<string>();
  for (const m of corpus.matchAll(/(?<![\w$.?])['"]?([A-Za-z_$][\w$]*)['"]?\s*:(?!:)|\.([A-Za-z_$][\w$]*)\s*=(?!=)/g))
    keys.add(m[1] ?? m[2]!);
  return [...keys];
}
