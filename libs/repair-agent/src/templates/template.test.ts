import { describe, expect, it } from 'vitest';
import { hasEvidence, type RepairTemplate, type TemplateContext } from './template.js';

const template = (exceptions: readonly string[]): RepairTemplate => ({
  id: 'test.template',
  language: 'python',
  summary: 'a template for the evidence check',
  evidence: { kinds: ['runtime_error'], exceptions },
  // eslint-disable-next-line require-yield
  async *candidates() {
    return;
  },
});

const context = (type: string) =>
  ({ cause: { kind: 'runtime_error' }, exception: { type, message: 'x' } }) as unknown as TemplateContext;

describe('hasEvidence on exception types', () => {
  it('takes a short name for that class from any module', () => {
    expect(hasEvidence(template(['IntegrityError']), context('sqlite3.IntegrityError'))).toBe(true);
    expect(hasEvidence(template(['IntegrityError']), context('IntegrityError'))).toBe(true);
  });

  it('takes a dotted name for itself only, and never a longer class name ending alike', () => {
    expect(hasEvidence(template(['sqlalchemy.exc.IntegrityError']), context('sqlite3.IntegrityError'))).toBe(false);
    expect(hasEvidence(template(['ValidationError']), context('fastapi.exceptions.RequestValidationError'))).toBe(
      false,
    );
  });
});
