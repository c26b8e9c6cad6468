import type { ConditionScope } from '../conditions/evaluate.js';
import type { Programme } from '../programme/compiled.js';
import type { Facts } from '../facts/facts.js';

export const scopeOf = (programme: Programme, facts: Facts): ConditionScope => ({
  facts,
  factsById: programme.factsById,
  conditionsById: programme.conditionsById,
});
