export { upsertProperties } from './description';
export { PRODUCT_UPSERT, VARIANT_UPSERT, type UpsertKind } from '../../shell/mapping/kinds';
export { runUpsert } from './upsert';
