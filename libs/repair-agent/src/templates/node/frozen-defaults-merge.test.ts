import { describe, expect, it } from 'vitest';
import { nodeFrozenDefaultsMerge } from './frozen-defaults-merge.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// The messages and frames as Node 20 prints them for Object.assign into a frozen object.
const notExtensible = 'TypeError: Cannot add property colour, object is not extensible';
const readOnly = "TypeError: Cannot assign to read only property 'size' of object '#<Object>'";
const contextOf = (files: Record<string, string>, message: string, frame: string) =>
  templateContext(files, {
    kind: 'runtime_error',
    endpoint: 'POST /shelves/{id}/jars',
    log: nodeLog(message, ['Function.assign (<anonymous>)', frame]),
  }).context;

const service = [
  "import * as jars from '../repositories/jars.js';",
  '',
  'const JAR_DEFAULTS = Object.freeze({ size: 1, colour: "clear" });',
  '',
  'export async function addJar(shelfId: number, input: { size?: number; colour?: string }) {',
  '  const existing = await jars.onShelf(shelfId);',
  '  const jar = Object.assign(JAR_DEFAULTS, input, { shelfId, slot: existing.length + 1 });',
  '  return jars.insert(jar);',
  '}',
  '',
].join('\n');

const commonjs = [
  "'use strict';",
  'const LABEL = Object.freeze({ size: 2, font: "serif" });',
  '',
  'function label(body) {',
  '  return Object.assign(LABEL, body);',
  '}',
  '',
  'module.exports = { label };',
  '',
].join('\n');

describe('node.frozen-defaults-merge', () => {
  it('merges a request into a new object instead of the frozen module defaults', async () => {
    const found = await allCandidates(
      nodeFrozenDefaultsMerge,
      contextOf({ 'src/services/jars.ts': service }, notExtensible, 'addJar (/app/src/services/jars.ts:7:22)'),
      ['src/services/jars.ts'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.frozen-defaults-merge']);
    expect(found[0]!.files['src/services/jars.ts']).toBe(
      service.replace('Object.assign(JAR_DEFAULTS,', 'Object.assign({}, JAR_DEFAULTS,'),
    );
  });

  it('merges into a new object for a returned merge over a read-only key in CommonJS', async () => {
    const found = await allCandidates(
      nodeFrozenDefaultsMerge,
      contextOf({ 'src/label.js': commonjs }, readOnly, 'label (/app/src/label.js:5:17)'),
      ['src/label.js'],
    );
    expect(found[0]!.files['src/label.js']).toBe(commonjs.replace('Object.assign(LABEL,', 'Object.assign({}, LABEL,'));
  });

  it('leaves a discarded merge, and a target that is not frozen at module level, alone', async () => {
    const discarded = commonjs.replace('  return Object.assign(LABEL, body);', '  Object.assign(LABEL, body);');
    expect(
      await allCandidates(
        nodeFrozenDefaultsMerge,
        contextOf({ 'src/label.js': discarded }, readOnly, 'label (/app/src/label.js:5:10)'),
        [],
      ),
    ).toEqual([]);
    const unfrozen = commonjs.replace('Object.freeze({ size: 2, font: "serif" })', '{ size: 2, font: "serif" }');
    expect(
      await allCandidates(
        nodeFrozenDefaultsMerge,
        contextOf({ 'src/label.js': unfrozen }, readOnly, 'label (/app/src/label.js:5:17)'),
        [],
      ),
    ).toEqual([]);
  });
});
