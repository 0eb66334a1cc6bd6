import { Router } from 'express';
import { tidy } from '../lib/text.js';

// Suppliers the stores order from.
const suppliers = [{ id: 1, name: 'Atlantic Wholesale', email: 'orders@atlantic.example' }];
const router = Router();

router.get('/', (req, res) => {
  res.json(suppliers);
});

router.post('/', (req, res) => {
  const { name, email } = req.body ?? {};
  if (typeof name !== 'string' || name.trim() === '') return res.status(422).json({ detail: 'name is required' });
  const supplier = { id: suppliers.length + 1, name: tidy(name), email: email ?? null };
  suppliers.push(supplier);
  res.status(201).json(supplier);
});

export default router;
