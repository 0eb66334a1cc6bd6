import { describe, expect, it } from 'vitest';
import { renderPatternHintsMarkdown } from './hints-markdown.js';
import { patternHints, patternHintsSchema } from './hints.js';
import { createMemoryPatternStore } from './memory-store.js';
import { attempt, signature } from './test-support/fixtures.js';
import type { AttemptOutcome, PatternStore, RecordAttemptInput } from './types.js';

const edit = { kind: 'edit', before: ['⟨1⟩ = payload[⟨2⟩]'], after: ['⟨1⟩ = payload.get(⟨2⟩)'], holes: 2 };

async function record(store: PatternStore, input: RecordAttemptInput, outcome: AttemptOutcome | null): Promise<void> {
  const a = await store.recordAttempt(input);
  if (outcome) await store.recordOutcome({ attemptId: a.id, outcome });
}

const keyError = (app: string, key: string, description: string): RecordAttemptInput =>
  attempt({
    signature: { ...signature(`h-${key}`, 'KeyError'), message: `'${key}'` },
    signatureClass: "python:KeyError:'<str>'",
    template: edit,
    pattern: { signatureClass: "python:KeyError:'<str>'", language: 'python', template: edit, description },
    context: { app, method: 'POST', path: '/customers', errorKind: '500' },
  });

describe('patternHints', () => {
  it('keeps the patterns with enough validated successes; unverified attempts count for nothing', async () => {
    const store = createMemoryPatternStore();
    await record(store, keyError('shop', 'phone_number', 'read payload.get("phone_number") (app/x.py:3)'), 'fixed');
    await record(store, keyError('clinic', 'email', 'read payload.get("email") (app/y.py:9)'), 'fixed');
    await record(store, keyError('clinic', 'email', 'read payload.get("email") (app/y.py:9)'), 'not_fixed');
    // A recipe with two attempts the loop never judged, and one verified success: below two.
    const recipe = attempt({
      signatureClass: 'http:status_mismatch:201->200',
      template: { kind: 'recipe', recipe: 'python.created-status' },
    });
    const status = {
      ...recipe,
      signature: {
        hash: 's',
        key: 'status_mismatch@POST /x: HTTP 200',
        exceptionType: 'status_mismatch',
        message: 'expected 201, got 200',
      },
    };
    await record(store, status, null);
    await record(store, status, null);
    await record(store, status, 'fixed');
    // A retired pattern never teaches.
    const retired = attempt({
      signatureClass: 'python:TypeError:x',
      template: { kind: 'recipe', recipe: 'python.other' },
    });
    await record(store, retired, 'fixed');
    await record(store, retired, 'fixed');
    await store.retire((await store.list({ signatureClass: 'python:TypeError:x' }))[0]!.id);

    const result = await patternHints(store, {
      minSuccessRate: 0.6,
      describe: (t) => ((t as { kind: string }).kind === 'edit' ? 'read optional request fields with .get' : undefined),
    });
    expect(patternHintsSchema.parse(result)).toEqual(result);
    expect(result.hints).toHaveLength(1);
    const [hint] = result.hints;
    expect(hint).toMatchObject({
      language: 'python',
      problem: "KeyError: '<str>'",
      fix: { kind: 'edit', rule: 'read optional request fields with .get', before: edit.before, after: edit.after },
      record: { successes: 2, failures: 1, trials: 3, apps: 2 },
    });
    // Examples are the validated attempts, newest first, never the failed one twice.
    expect(hint!.examples).toEqual([
      { error: "KeyError: 'email'", endpoint: 'POST /{collection} 500', fix: 'read payload.get("email") (app/y.py:9)' },
      {
        error: "KeyError: 'phone_number'",
        endpoint: 'POST /{collection} 500',
        fix: 'read payload.get("phone_number") (app/x.py:3)',
      },
    ]);
    // The default rate (0.7) drops 2 of 3; a lower count threshold admits the recipe (1 of 1).
    expect((await patternHints(store)).hints).toEqual([]);
    const loose = await patternHints(store, { minSuccesses: 1 });
    expect(loose.hints.map((h) => h.problem)).toEqual(['answered 200 where the contract documents 201']);
    expect(loose.hints[0]!.fix).toEqual({ kind: 'recipe', recipe: 'python.created-status' });
    expect(loose.hints[0]!.examples).toEqual([{ error: 'expected 201, got 200', endpoint: 'POST /{collection} 500' }]);
  });

  it('a fix the pattern strategy re-applied is shown without the pattern bookkeeping in front of it', async () => {
    const store = createMemoryPatternStore();
    await record(store, keyError('shop', 'phone_number', 'read payload.get("phone_number") (app/x.py:3)'), 'fixed');
    await record(
      store,
      keyError(
        'fleet',
        'vin',
        'known pattern fp_0123abcd (same signature class, 100% of 2): read payload.get("vin") (app/z.py:4)',
      ),
      'fixed',
    );
    const [hint] = (await patternHints(store)).hints;
    expect(hint!.examples.map((e) => e.fix)).toEqual([
      'read payload.get("vin") (app/z.py:4)',
      'read payload.get("phone_number") (app/x.py:3)',
    ]);
  });

  it('renders Markdown a generator can read: rule, fix shape, examples, record', async () => {
    const store = createMemoryPatternStore();
    await record(store, keyError('shop', 'phone_number', 'read payload.get("phone_number") (app/x.py:3)'), 'fixed');
    await record(store, keyError('shop', 'phone_number', 'read payload.get("phone_number") (app/x.py:3)'), 'fixed');
    const text = renderPatternHintsMarkdown(
      await patternHints(store, { describe: () => 'read optional request fields with .get' }),
    );
    expect(text).toContain("## 1. python: KeyError: '<str>'");
    expect(text).toContain('- Rule: read optional request fields with .get.');
    expect(text).toContain('  - ⟨1⟩ = payload[⟨2⟩]\n  + ⟨1⟩ = payload.get(⟨2⟩)');
    expect(text).toContain(
      `- Seen: KeyError: 'phone_number' on POST /{collection} 500 — fixed by: read payload.get("phone_number") ` +
        `(app/x.py:3)`,
    );
    expect(text).toContain('- Record: 2 verified fixes of 2 tried (100%) in 1 app; candidate, pattern fp_');
    expect(renderPatternHintsMarkdown(await patternHints(createMemoryPatternStore()))).toMatch(
      /No learned pattern has 2 or more verified fixes/,
    );
  });
});
