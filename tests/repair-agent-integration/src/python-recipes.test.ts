import { recipeMatrix } from './recipe-matrix.js';

// demo-shop's side of the matrix is its full repair (demo-shop-repair.test.ts).
recipeMatrix({ name: 'fixture-library-api', language: 'python' }, [
  {
    recipe: 'python.model-kwargs',
    calls: [
      {
        endpoint: 'POST /books',
        path: '/books',
        body: { title: 'Solaris', author: 'Stanisław Lem', published_year: 1961, copies: 1 },
        expected: 201,
      },
    ],
  },
  {
    recipe: 'python.name-typo',
    calls: [{ endpoint: 'GET /books/{book_id}/availability', path: '/books/1/availability', expected: 200 }],
  },
  {
    recipe: 'python.attribute-typo',
    calls: [
      {
        endpoint: 'POST /members',
        path: '/members',
        body: { full_name: 'Bo Reed', email: 'bo@example.org' },
        expected: 201,
      },
    ],
  },
  {
    recipe: 'python.status-code',
    calls: [{ endpoint: 'POST /members/{member_id}/cards', path: '/members/1/cards', expected: 201 }],
  },
  {
    recipe: 'python.missing-import',
    calls: [{ endpoint: 'POST /loans', path: '/loans', body: { book_id: 2, member_id: 1 }, expected: 201 }],
  },
  { recipe: 'python.missing-await', calls: [{ endpoint: 'GET /loans/stats', path: '/loans/stats', expected: 200 }] },
  {
    recipe: 'python.json-encoder',
    calls: [{ endpoint: 'GET /loans/{loan_id}/fees', path: '/loans/1/fees', expected: 200 }],
  },
  {
    recipe: 'python.unmounted-router',
    calls: [
      { endpoint: 'GET /returns', path: '/returns', expected: 200 },
      { endpoint: 'POST /returns', path: '/returns', body: { loan_id: 1 }, expected: 201 },
    ],
  },
]);
