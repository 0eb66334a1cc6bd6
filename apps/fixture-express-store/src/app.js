import { readFileSync } from 'node:fs';
import express from 'express';
import { errorHandler, requestLog } from './middleware.js';
import inventoryRouter from './routes/inventory.js';
import storesRouter from './routes/stores.js';

const contract = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));

/** The Express app: stores, their inventory, suppliers. */
export function createApp() {
  const app = express();
  app.use(express.json());
  app.use(requestLog);
  app.get('/health', (req, res) => res.json({ status: 'ok' }));
  app.get('/openapi.json', (req, res) => res.json(contract));
  app.use('/stores', storesRouter);
  app.use('/stores/:storeId/items', inventoryRouter);
  app.use(errorHandler);
  return app;
}
