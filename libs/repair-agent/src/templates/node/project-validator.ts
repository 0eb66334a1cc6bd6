import { lineText, offsetOf, replaceRange } from '../../node/js-edits.js';
import { nodeProjectFor } from '../../node/node-project.js';
import { resolveFunction } from '../../node/resolve-function.js';
import type { RepairTemplate } from '../template.js';

const ID = 'node.project-validator';
// String methods a request field is read through before it is checked.
const METHODS = ['trim', 'toLowerCase', 'toUpperCase'];

/**
 * A request field read as a string without the check its siblings get (`const name =
 * data.customerName.trim()` beside `requireInt(data.treeId, 'treeId')`): a body without it, or with
 * a number, raises `TypeError: Cannot read properties of undefined (reading 'trim')` (or `… .trim is
 * not a function`), a 500 where the API answers 400 for a bad field → the project's own validator
 * that does the same read after checking the value (`requireString(data.customerName,
 * 'customerName')`, whose body ends in `return value.trim()`). Only a validator the file already
 * imports or defines, whose body throws and returns exactly that method of its first parameter,
 * called elsewhere in the file as `validator(x.field, 'field')`.
 */
export const nodeProjectValidator: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "read a request field through the project's validator that checks it, as its siblings are",
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, node: given }) {
    const message = exception?.message ?? '';
    const method =
      /^Cannot read properties of (?:undefined|null) \(reading '(\w+)'\)/.exec(message)?.[1] ??
      /\.(\w+) is not a function$/.exec(message)?.[1];
    const source = culprit ? await tree.read(culprit.file) : null;
    if (!culprit || !method || !METHODS.includes(method) || source === null) return;
    const project = given ?? nodeProjectFor(tree);
    const text = lineText(source, culprit.line);
    const read = new RegExp(
      `([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*\\.([A-Za-z_$][\\w$]*))\\??\\.${method}\\(\\)`,
    ).exec(text);
    if (!read) return;
    const [whole, path, field] = read as unknown as [string, string, string];
    // Validators the file calls as `v(x.field, 'field')`: the project's calling convention.
    const called = new Set(
      [...source.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)\(\s*[\w$.]+\.([\w$]+)\s*,\s*(['"])\2\3/g)].map((m) => m[1]!),
    );
    if (called.size === 0) return;
    const imported = (await project.modules()).get(culprit.file)?.imports.flatMap((i) => i.names.map((n) => n.local));
    for (const name of imported ?? []) {
      const found = await resolveFunction(project, culprit.file, name);
      const body = found ? ((await tree.read(found.file)) ?? '').slice(found.fn.bodyStart, found.fn.end) : '';
      const value = found?.fn.params[0];
      if (!found || !value || !/\bthrow\b/.test(body)) continue;
      if (
        !new RegExp(`\\breturn\\s+${value.replace(/\$/g, '\\$')}\\.${method}\\(\\)\\s*;?\\s*\\}?\\s*$`).test(
          body.trim(),
        )
      )
        continue;
      const at = offsetOf(source, culprit.line) + read.index;
      const quote = /(['"])[\w$]+\1/.exec(source)?.[1] ?? "'";
      await tree.write(
        culprit.file,
        replaceRange(source, at, at + whole.length, `${name}(${path}, ${quote}${field}${quote})`),
      );
      yield {
        key: ID,
        summary:
          `read ${path} through ${name}(…, '${field}'), which checks it before .${method}() ` +
          `(${culprit.file}:${culprit.line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};
