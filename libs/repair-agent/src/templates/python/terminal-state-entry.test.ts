import { describe, expect, it } from 'vitest';
import { candidatesOf } from './test-support/python-context.js';
import { pythonTerminalStateEntry } from './terminal-state-entry.js';

const models =
  'import enum\n\n\nclass Phase(str, enum.Enum):\n    draft = "draft"\n    review = "review"\n    done = "done"\n';

const rules = [
  'from app.models import Phase',
  '',
  'NEXT: dict[Phase, set[Phase]] = {',
  '    Phase.draft: {Phase.review},',
  '    Phase.review: {Phase.draft, Phase.done}',
  '}',
  '',
  '',
  'def can_advance(current: Phase, target: Phase) -> bool:',
  '    return target in NEXT[current]',
  '',
].join('\n');

const route = (use: string) =>
  [
    'from fastapi import APIRouter, HTTPException',
    '',
    'from app.rules import can_advance',
    '',
    'router = APIRouter()',
    '',
    '',
    '@router.patch("/documents/{doc_id}/phase")',
    'def move(doc_id: int, target: str):',
    '    doc = load(doc_id)',
    use,
    '    doc.phase = target',
    '    return doc',
    '',
  ].join('\n');

async function run(files: Record<string, string>, file: string, line: number, member = 'done') {
  return candidatesOf(pythonTerminalStateEntry, {
    files: { 'app/models.py': models, ...files },
    culprit: { file, line },
    exception: { type: 'KeyError', message: `<Phase.${member}: '${member}'>` },
    cause: { kind: 'test_failure' },
  });
}

describe('python.terminal-state-entry', () => {
  it('gives a reached state its empty set when a caller refuses on "not allowed"', async () => {
    const refusing =
      '    if not can_advance(doc.phase, target):\n        raise HTTPException(status_code=409, detail="no")';
    const found = await run({ 'app/rules.py': rules, 'app/routers/docs.py': route(refusing) }, 'app/rules.py', 10);
    expect(found.map((c) => c.changed['app/rules.py']?.split('\n').slice(2, 7))).toEqual([
      [
        'NEXT: dict[Phase, set[Phase]] = {',
        '    Phase.draft: {Phase.review},',
        '    Phase.review: {Phase.draft, Phase.done},',
        '    Phase.done: set(),',
        '}',
      ],
    ]);
  });

  it('adds an empty list to a one-line table tested in place before a raise', async () => {
    const service = [
      'from app.models import Phase',
      '',
      'NEXT = {Phase.draft: [Phase.review], Phase.review: [Phase.done]}',
      '',
      '',
      'def advance(doc, target):',
      '    if target not in NEXT[doc.phase]:',
      '        raise ValueError("not allowed")',
      '    doc.phase = target',
      '',
    ].join('\n');
    const found = await run({ 'app/service.py': service }, 'app/service.py', 7);
    expect(found.map((c) => c.changed['app/service.py']?.split('\n')[2])).toEqual([
      'NEXT = {Phase.draft: [Phase.review], Phase.review: [Phase.done], Phase.done: []}',
    ]);
  });

  it('leaves a lookup with no refusal, a table of labels and a member nothing leads to alone', async () => {
    const answered = '    allowed = can_advance(doc.phase, target)\n    doc.allowed = allowed';
    expect(await run({ 'app/rules.py': rules, 'app/routers/docs.py': route(answered) }, 'app/rules.py', 10)).toEqual(
      [],
    );
    const labels =
      'from app.models import Phase\n\nLABELS = {Phase.draft: "Draft", Phase.review: "Review"}\n\n\n' +
      'def label(phase):\n    if phase in LABELS[phase]:\n        raise ValueError("x")\n';
    expect(await run({ 'app/labels.py': labels }, 'app/labels.py', 7)).toEqual([]);
    const refusing =
      '    if not can_advance(doc.phase, target):\n        raise HTTPException(status_code=409, detail="no")';
    const unreached = rules.replace('{Phase.draft, Phase.done}', '{Phase.draft}');
    expect(
      await run({ 'app/rules.py': unreached, 'app/routers/docs.py': route(refusing) }, 'app/rules.py', 10),
    ).toEqual([]);
  });
});
