const { buildApp } = require('./app');

const port = Number(process.env.PORT || 8792);
buildApp()
  .listen({ port, host: '127.0.0.1' })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
