// Tags shared by all notebooks.
const tags = [{ id: 1, label: 'urgent' }];

async function tagRoutes(app) {
  app.get('/', async () => tags);

  app.post('/', async (request, reply) => {
    const label = request.body && request.body.label;
    if (typeof label !== 'string' || label.trim() === '') return reply.code(422).send({ detail: 'label is required' });
    const tag = { id: tags.length + 1, label: label.trim() };
    tags.push(tag);
    return reply.code(201).send(tag);
  });
}

module.exports = tagRoutes;
