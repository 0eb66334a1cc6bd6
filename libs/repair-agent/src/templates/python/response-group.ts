import { operationOf, type RepairTemplate, type TemplateContext } from '../template.js';
import { pythonItemResponseModel } from './item-response-model.js';
import { pythonMissingReturn } from './missing-return.js';
import { pythonResponseMissingField } from './response-missing-field.js';

const EXCEPTIONS = ['ResponseValidationError', 'fastapi.exceptions.ResponseValidationError'];
// The one-endpoint fixes of a response its model rejects, best first.
const PARTS: readonly RepairTemplate[] = [pythonResponseMissingField, pythonItemResponseModel, pythonMissingReturn];

/**
 * FastAPI's `ResponseValidationError` has no frame of the app's, so every endpoint whose response
 * its model rejects shares one signature, and one root cause — though each is its own bug (a
 * field left out here, a copied `list[...]` model there). A fix of one endpoint leaves the
 * signature failing at the others and is judged "same error"; so for a group of two or more
 * endpoints this asks each one-endpoint template in turn, endpoint by endpoint, and proposes the
 * fixes together — only when every endpoint of the group got one.
 */
export const pythonResponseGroup: RepairTemplate = {
  id: 'python.response-group',
  language: 'python',
  summary: 'fix each endpoint of a shared response-validation failure with its own template, in one patch',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: EXCEPTIONS },
  async *candidates(context) {
    const endpoints = [...new Set(context.cause.violations.map((v) => v.endpoint))];
    if (endpoints.length < 2) return;
    const parts: string[] = [];
    for (const endpoint of endpoints) {
      const fixed = await fixOne(context, endpoint);
      // One endpoint without a fix: the rest would be judged "same error"; the engine rolls back.
      if (!fixed) return;
      parts.push(fixed);
    }
    yield { key: 'python.response-group#each', summary: parts.join('; '), template: { recipe: 'python.response-group#each' } };
  },
};

// The first candidate of the first template that has one for this endpoint alone, left written.
async function fixOne(context: TemplateContext, endpoint: string): Promise<string | null> {
  const violations = context.cause.violations.filter((v) => v.endpoint === endpoint);
  const cause = { ...context.cause, violations, endpoints: [endpoint] };
  const one: TemplateContext = { ...context, cause, operation: operationOf(context.contract, endpoint) };
  for (const template of PARTS) {
    if (template.evidence.contract && !one.operation) continue;
    for await (const candidate of template.candidates(one)) return `${endpoint}: ${candidate.summary}`;
  }
  return null;
}
