import { join } from 'node:path';
import { recipeMatrix } from './recipe-matrix.js';

// A FastAPI app shaped unlike the apps/ fixtures: src/ layout, an app factory, one aggregating
// APIRouter with its own prefix that includes the resource routers, relative imports, a
// repository class building the model from an unannotated payload.
recipeMatrix(
  {
    name: 'nested-clinic',
    language: 'python',
    source: join(import.meta.dirname, '..', 'fixtures', 'nested-clinic'),
    serve: { cwd: 'src', module: 'clinic.asgi:app' },
  },
  [
    {
      recipe: 'python.model-kwargs',
      calls: [
        {
          endpoint: 'POST /api/v1/patients',
          path: '/api/v1/patients',
          body: { given_name: 'Ana', family_name: 'Ruiz', phone_number: '555-0199' },
          expected: 201,
        },
      ],
      adds: ['        record = Patient(**payload.model_dump(exclude={"phone_number"}), phone=payload.phone_number)'],
    },
    {
      recipe: 'python.missing-import',
      calls: [
        {
          endpoint: 'GET /api/v1/appointments/upcoming/mine',
          path: '/api/v1/appointments/upcoming/mine',
          expected: 200,
        },
      ],
      adds: ['from ...core.clock import utc_now'],
    },
    {
      recipe: 'python.status-code',
      calls: [
        {
          endpoint: 'POST /api/v1/appointments',
          path: '/api/v1/appointments',
          body: { patient_id: 1, practitioner_id: 1, starts_at: '2031-01-06T10:00:00', minutes: 30 },
          expected: 201,
        },
      ],
      adds: ['@router.post("", response_model=AppointmentView, status_code=201)'],
    },
    {
      recipe: 'python.unmounted-router',
      calls: [
        {
          endpoint: 'GET /api/v1/appointments/{appointment_id}/invoice',
          path: '/api/v1/appointments/1/invoice',
          expected: 200,
        },
      ],
      adds: ['from .endpoints import appointments, invoices, patients', 'api_router.include_router(invoices.router)'],
    },
  ],
);
