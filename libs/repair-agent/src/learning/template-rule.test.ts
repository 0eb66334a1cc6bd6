import { describe, expect, it } from 'vitest';
import { builtInTemplates } from '../templates/language-support.js';
import { describeFixTemplate } from './template-rule.js';

describe('describeFixTemplate', () => {
  it("names a recipe template's rule by its id, a candidate key's too; nothing for edits and unknown recipes", () => {
    const template = builtInTemplates().find((t) => t.language === 'node')!;
    expect(describeFixTemplate({ kind: 'recipe', recipe: template.id })).toBe(template.summary);
    expect(describeFixTemplate({ recipe: `${template.id}#variant` })).toBe(template.summary);
    expect(describeFixTemplate({ kind: 'recipe', recipe: 'nobody.knows' })).toBeUndefined();
    expect(describeFixTemplate({ kind: 'edit', before: ['a'], after: ['b'], holes: 0 })).toBeUndefined();
    expect(describeFixTemplate(null)).toBeUndefined();
  });
});
