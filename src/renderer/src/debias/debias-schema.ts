export { debiasSummarySchema, parseDebiasSummary } from '../../../shared/debias-schema.ts';
