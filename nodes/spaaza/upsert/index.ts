export { upsertProperties } from './description';
export { PRODUCT_UPSERT, VARIANT_UPSERT, type UpsertKind } from './kinds';
export { runUpsert } from './upsert';
