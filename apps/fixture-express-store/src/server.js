import { createApp } from './app.js';

const port = Number(process.env.PORT ?? 8791);
createApp().listen(port, '127.0.0.1', () => {
  console.log(`fixture-express-store listening on http://127.0.0.1:${port}`);
});
