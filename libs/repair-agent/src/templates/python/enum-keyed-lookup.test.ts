import { describe, expect, it } from 'vitest';
import { pythonEnumKeyedLookup } from './enum-keyed-lookup.js';
import { candidatesOf } from './test-support/python-context.js';

const models =
  'import enum\n\n\nclass Phase(str, enum.Enum):\n    DRAFT = "draft"\n    REVIEW = "review"\n    DONE = "done"\n';

async function run(service: string, line: number, key: string) {
  const found = await candidatesOf(pythonEnumKeyedLookup, {
    files: { 'app/models.py': models, 'app/service.py': service },
    culprit: { file: 'app/service.py', line },
    exception: { type: 'KeyError', message: `'${key}'` },
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.enum-keyed-lookup', () => {
  it('converts a stored status to its member before a transition table lookup', async () => {
    const service = [
      'from app.models import Phase',
      '',
      'NEXT = {',
      '    Phase.DRAFT: {Phase.REVIEW},',
      '    Phase.REVIEW: {Phase.DONE, Phase.DRAFT},',
      '    Phase.DONE: set(),',
      '}',
      '',
      '',
      'def move(doc, target):',
      '    if target not in NEXT[doc.phase]:',
      '        raise ValueError("no")',
      '',
    ].join('\n');
    expect(await run(service, 11, 'draft')).toEqual(['    if target not in NEXT[Phase(doc.phase)]:']);
  });

  it('converts a plain variable key in a one-line table of labels', async () => {
    const service =
      'from app.models import Phase\n\n' +
      'LABELS = {Phase.DRAFT: "Draft", Phase.REVIEW: "In review", Phase.DONE: "Done"}\n\n\n' +
      'def label(phase):\n    return LABELS[phase]\n';
    expect(await run(service, 7, 'review')).toEqual(['    return LABELS[Phase(phase)]']);
  });

  it('leaves a dict keyed by strings, and a key no member has, alone', async () => {
    const byString = 'LABELS = {"draft": "Draft"}\n\n\ndef label(phase):\n    return LABELS[phase]\n';
    expect(await run(byString, 5, 'review')).toEqual([]);
    const service =
      'from app.models import Phase\n\nLABELS = {Phase.DRAFT: "Draft", Phase.DONE: "Done"}\n\n\n' +
      'def label(phase):\n    return LABELS[phase]\n';
    expect(await run(service, 7, 'archived')).toEqual([]);
  });

  it('looks an enum up by value when the code looks it up by name with a value', async () => {
    const service =
      'from app.models import Phase\n\n\ndef advance(item, body):\n    item.phase = Phase[body.phase]\n' +
      '    return item\n';
    expect(await run(service, 5, 'review')).toEqual(['    item.phase = Phase(body.phase)']);
    // A key that is a member's name (a name missing is another bug), or no member's value: alone.
    const upper = 'import enum\n\n\nclass Phase(str, enum.Enum):\n    review = "review"\n';
    const named = await candidatesOf(pythonEnumKeyedLookup, {
      files: { 'app/models.py': upper, 'app/service.py': service },
      culprit: { file: 'app/service.py', line: 5 },
      exception: { type: 'KeyError', message: "'review'" },
    });
    expect(named).toEqual([]);
    expect(await run(service, 5, 'archived')).toEqual([]);
  });
});
