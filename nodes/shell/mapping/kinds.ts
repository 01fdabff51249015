import {
	checkProductRecord,
	checkVariantRecord,
	PRODUCT_FIELDS,
	VARIANT_FIELDS,
	type FieldRule,
	type RecordCheck,
	type RecordKind,
} from '../../core/records';

/** What differs between Spaaza Upsert Product and Spaaza Upsert Variant; everything else is shared. */
export interface UpsertKind {
	kind: RecordKind;
	/** Spaaza API path (docs/spaaza-api.md §2, §3). */
	path: string;
	/** Key of the written object in Spaaza's `results`, and in our output item. */
	resultKey: 'product' | 'product_variant';
	/** How a person names one record: 'product', 'variant'. */
	noun: string;
	plural: string;
	fields: readonly FieldRule[];
	check: (input: unknown) => RecordCheck<Record<string, unknown>>;
	/** Keys an input item may use for the owner code, first wins (variant rows use the CSV name). */
	ownerCodeKeys: readonly string[];
}

export const PRODUCT_UPSERT: UpsertKind = {
	kind: 'product',
	path: '/internal/add-product',
	resultKey: 'product',
	noun: 'product',
	plural: 'products',
	fields: PRODUCT_FIELDS,
	check: checkProductRecord,
	ownerCodeKeys: ['owner_code'],
};

export const VARIANT_UPSERT: UpsertKind = {
	kind: 'variant',
	path: '/internal/add-product-variant',
	resultKey: 'product_variant',
	noun: 'variant',
	plural: 'variants',
	fields: VARIANT_FIELDS,
	check: checkVariantRecord,
	ownerCodeKeys: ['owner_code', 'product_variant_owner_code'],
};
