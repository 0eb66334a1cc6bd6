import { recipeMatrix } from './recipe-matrix.js';

recipeMatrix({ name: 'fixture-express-store', language: 'node' }, [
  {
    recipe: 'node.missing-import',
    calls: [
      {
        endpoint: 'POST /stores/{storeId}/items',
        path: '/stores/1/items',
        body: { name: 'Blue Tarp', quantity: 3, priceCents: 999 },
        expected: 201,
      },
    ],
  },
  {
    recipe: 'node.name-typo',
    calls: [{ endpoint: 'GET /stores/{storeId}/summary', path: '/stores/1/summary', expected: 200 }],
  },
  {
    recipe: 'node.property-typo',
    calls: [{ endpoint: 'GET /stores/{storeId}/restock', path: '/stores/1/restock', expected: 200 }],
  },
  {
    recipe: 'node.missing-await',
    calls: [{ endpoint: 'GET /stores/{storeId}/items', path: '/stores/1/items', expected: 200 }],
  },
  {
    recipe: 'node.json-serialize',
    calls: [{ endpoint: 'GET /stores/{storeId}/value', path: '/stores/1/value', expected: 200 }],
  },
  {
    recipe: 'node.unmounted-router',
    calls: [
      { endpoint: 'GET /suppliers', path: '/suppliers', expected: 200 },
      {
        endpoint: 'POST /suppliers',
        path: '/suppliers',
        body: { name: 'Delta Foods', email: 'sales@delta.example' },
        expected: 201,
      },
    ],
  },
  {
    recipe: 'node.status-code',
    calls: [{ endpoint: 'POST /stores', path: '/stores', body: { name: 'Quay Side', city: 'Faro' }, expected: 201 }],
  },
]);

recipeMatrix({ name: 'fixture-fastify-notes', language: 'node' }, [
  {
    recipe: 'node.missing-import',
    calls: [
      {
        endpoint: 'POST /notebooks/{notebookId}/notes',
        path: '/notebooks/1/notes',
        body: { title: 'groceries', body: 'eggs, milk' },
        expected: 201,
      },
    ],
  },
  {
    recipe: 'node.name-typo',
    calls: [
      { endpoint: 'GET /notebooks/{notebookId}/notes/outline', path: '/notebooks/1/notes/outline', expected: 200 },
    ],
  },
  {
    recipe: 'node.property-typo',
    calls: [{ endpoint: 'GET /notebooks/{notebookId}', path: '/notebooks/1', expected: 200 }],
  },
  {
    recipe: 'node.missing-await',
    calls: [{ endpoint: 'GET /notebooks/{notebookId}/notes', path: '/notebooks/1/notes', expected: 200 }],
  },
  {
    recipe: 'node.json-serialize',
    calls: [{ endpoint: 'GET /notebooks/{notebookId}/stats', path: '/notebooks/1/stats', expected: 200 }],
  },
  {
    recipe: 'node.unmounted-router',
    calls: [
      { endpoint: 'GET /tags', path: '/tags', expected: 200 },
      { endpoint: 'POST /tags', path: '/tags', body: { label: 'later' }, expected: 201 },
    ],
  },
  {
    recipe: 'node.status-code',
    calls: [{ endpoint: 'POST /notebooks', path: '/notebooks', body: { name: 'Recipes' }, expected: 201 }],
  },
]);
