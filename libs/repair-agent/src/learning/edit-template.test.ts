import { describe, expect, it } from 'vitest';
import { abstractEdit, instantiateEdit } from './edit-template.js';
import { generalizeEdits } from './generalize.js';

describe('edit templates', () => {
  it('abstracts app names into holes and applies the fix to another app with other names', async () => {
    const before = 'def show(payload):\n    title = payload["title"]\n    return title\n';
    const after = 'def show(payload):\n    title = payload.get("title")\n    return title\n';
    const template = await generalizeEdits(
      [{ path: 'a.py', before, after }],
      { file: 'a.py', line: 2 },
      "KeyError: 'title'",
      null,
    );
    // `title` (a name in the message) and the literal "title" become holes; `payload` is not
    // named by the error and no project index was given, so it stays literal.
    expect(template).toEqual({
      kind: 'edit',
      before: ['⟨1⟩ = payload[⟨2⟩]'],
      after: ['⟨1⟩ = payload.get(⟨2⟩)'],
      holes: 2,
    });

    // Another app: other variable, other key, other indentation.
    const other = ['async def handler(body):', '        label = body["label"]', '        return label'];
    const applied = instantiateEdit(template!, other, 1);
    expect(applied).toBeNull(); // `payload` is not one of that app's names in the message: kept literal

    const generic = abstractEdit(['title = payload["title"]'], ['title = payload.get("title")'], (t) => t !== 'get');
    const fixed = instantiateEdit(generic, other, 1)!;
    expect(fixed.replacement).toEqual(['        label = body.get("label")']);
    expect(fixed.start).toBe(1);
  });

  it('finds the block a few lines from the culprit and refuses inconsistent bindings', () => {
    const template = abstractEdit(['x = f(x)'], ['x = await f(x)'], (t) => t === 'x' || t === 'f');
    const lines = ['a = 1', 'b = 2', 'total = compute(total)', 'c = 3'];
    expect(instantiateEdit(template, lines, 0)).toMatchObject({
      start: 2,
      replacement: ['total = await compute(total)'],
    });
    expect(instantiateEdit(template, ['y = g(z)'], 0)).toBeNull();
  });
});
