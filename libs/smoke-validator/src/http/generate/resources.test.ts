import { describe, expect, it } from 'vitest';
import { buildApiModel } from '../openapi/api-model.js';
import { generateScenarios } from './generate-scenarios.js';
import { inferResources } from './resources.js';

const ok = { '200': { description: 'ok' } };
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' } });

/** An API whose `/invoices/{appointment_id}` is keyed by an appointment; nothing creates or lists invoices. */
function invoicesByAppointment() {
  return buildApiModel(
    {
      openapi: '3.0.3',
      info: { title: 'clinic', version: '1' },
      paths: {
        '/api/v1/appointments': {
          get: { responses: ok },
          post: {
            requestBody: {
              content: { 'application/json': { schema: { type: 'object', properties: { note: { type: 'string' } } } } },
            },
            responses: { '201': { description: 'created' } },
          },
        },
        '/api/v1/appointments/{appointment_id}': { get: { parameters: [idParam('appointment_id')], responses: ok } },
        '/api/v1/invoices/{appointment_id}': { get: { parameters: [idParam('appointment_id')], responses: ok } },
        // Neither the segment nor the parameter names a collection anything provides.
        '/api/v1/receipts/{receipt_id}': { get: { parameters: [idParam('receipt_id')], responses: ok } },
      },
    },
    'clinic.json',
  );
}

describe('resourceForPathParam', () => {
  it('takes the collection the parameter names when nothing creates or lists the one the segment names', () => {
    const api = invoicesByAppointment();
    const index = inferResources(api.operations);
    expect(index.resourceForPathParam('/api/v1/invoices/{appointment_id}', 'appointment_id')).toBe(
      '/api/v1/appointments',
    );
    const invoice = generateScenarios(api, { seed: 't' }).find(
      (s) => s.id === 'GET /api/v1/invoices/{appointment_id}',
    )!;
    expect(invoice.bindings).toEqual([
      { in: 'path', name: 'appointment_id', resource: '/api/v1/appointments', field: 'appointment_id' },
    ]);
  });

  it('keeps the collection of the segment when it is provided, or when the parameter names nothing better', () => {
    const index = inferResources(invoicesByAppointment().operations);
    expect(index.resourceForPathParam('/api/v1/appointments/{appointment_id}', 'appointment_id')).toBe(
      '/api/v1/appointments',
    );
    expect(index.resourceForPathParam('/api/v1/receipts/{receipt_id}', 'receipt_id')).toBe('/api/v1/receipts');
  });
});
