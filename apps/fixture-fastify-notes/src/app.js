const { randomUUID } = require('node:crypto');
const path = require('node:path');
const fs = require('node:fs');
const Fastify = require('fastify');
const { notebookRoutes } = require('./routes/notebooks');
const noteRoutes = require('./routes/notes');

const contract = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'openapi.json'), 'utf8'));

/** The Fastify app: notebooks, their notes, tags. Logs are pino JSON lines (errors with their stack). */
function buildApp() {
  const app = Fastify({
    logger: { level: 'info' },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/openapi.json', async () => contract);
  app.register(notebookRoutes, { prefix: '/notebooks' });
  app.register(noteRoutes, { prefix: '/notebooks/:notebookId/notes' });
  return app;
}

module.exports = { buildApp };
