import {
	type CatalogueStore,
	type FieldValue,
	PRODUCT_FIELDS,
	type ProductRecord,
	VARIANT_FIELDS,
	type VariantRecord,
} from './catalogue';
import { SANDBOX_ERRORS, SpaazaApiError } from './envelope';
import type { Params } from './http';
import { missing, readBarcodes, readBoolean, readDecimal, readInteger, readString } from './params';

interface FieldTable {
	strings: Record<string, number>;
	decimals: readonly string[];
	booleans: readonly string[];
}

/** Every provided field, validated; absent fields are left out so updates stay partial. */
function readFields(params: Params, table: FieldTable): Record<string, FieldValue> {
	const fields: Record<string, FieldValue> = {};
	const set = (name: string, value: FieldValue | undefined) => {
		if (value !== undefined) fields[name] = value;
	};
	for (const [name, limit] of Object.entries(table.strings))
		set(name, readString(params, name, limit));
	for (const name of table.decimals) set(name, readDecimal(params, name));
	for (const name of table.booleans) set(name, readBoolean(params, name));
	return fields;
}

export interface WriteResult<T> {
	record: T;
	created: boolean;
}

/**
 * add-product (docs/spaaza-api.md §2): `owner_code` and `name` are mandatory on every call (code 52
 * without them); the product is found by owner_code only, as add-product has no `id` parameter.
 * New products are created; an existing one needs update_if_exists=true, then only the provided
 * fields change.
 */
export function addProduct(
	store: CatalogueStore,
	chainId: number,
	params: Params,
): WriteResult<ProductRecord> {
	const update = readBoolean(params, 'update_if_exists') ?? false;
	const fields = readFields(params, PRODUCT_FIELDS);
	const ownerCode = fields.owner_code as string | undefined;
	if (ownerCode === undefined) throw missing('owner_code');
	if (fields.name === undefined) throw missing('name');
	const existing = store.productByOwner(chainId, ownerCode);
	const now = store.now();
	if (existing) {
		if (!update) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.productExists,
				`A product with owner_code ${JSON.stringify(ownerCode)} already exists in chain ${chainId} (id ${existing.id}); send update_if_exists=true to update it`,
			);
		}
		Object.assign(existing.fields, fields);
		existing.modified = now;
		return { record: existing, created: false };
	}
	const product: ProductRecord = {
		id: store.newProductId(),
		chainId,
		fields,
		created: now,
		modified: now,
	};
	store.products.set(product.id, product);
	store.indexProduct(product);
	return { record: product, created: true };
}

function checkBarcodesFree(
	store: CatalogueStore,
	chainId: number,
	barcodes: string[],
	variantId?: number,
): void {
	for (const barcode of barcodes) {
		const owner = store.barcodeOwner(chainId, barcode);
		if (owner && owner.variantId !== variantId) {
			const variant = store.variants.get(owner.variantId)!;
			const ownerCode = variant.fields.owner_code;
			throw new SpaazaApiError(
				SANDBOX_ERRORS.barcodeInUse,
				`Barcode ${barcode} is already in use by product variant ${variant.id}` +
					`${ownerCode ? ` (owner_code ${JSON.stringify(ownerCode)})` : ''} in chain ${chainId}`,
			);
		}
	}
}

function replaceBarcodes(store: CatalogueStore, variant: VariantRecord, barcodes: string[]): void {
	for (const id of [...variant.barcodeIds]) {
		const barcode = store.barcodes.get(id)!;
		if (!barcodes.includes(barcode.barcode)) store.removeBarcode(barcode);
	}
	const kept = variant.barcodeIds.map((id) => store.barcodes.get(id)!.barcode);
	for (const barcode of barcodes) if (!kept.includes(barcode)) store.addBarcode(variant, barcode);
}

/**
 * add-product-variant (docs/spaaza-api.md §3): match by id or owner_code; with update_if_exists=true the provided
 * fields are updated and given barcodes replace the old ones (version 2025-03).
 */
export function addProductVariant(
	store: CatalogueStore,
	chainId: number,
	params: Params,
): WriteResult<VariantRecord> {
	const id = readInteger(params, 'id');
	const productId = readInteger(params, 'product_id');
	const productOwnerCode = readString(params, 'product_owner_code', 255);
	const update = readBoolean(params, 'update_if_exists') ?? false;
	const barcodes = readBarcodes(params);
	const fields = readFields(params, VARIANT_FIELDS);
	const ownerCode = fields.owner_code as string | undefined;
	if (productId === undefined && productOwnerCode === undefined) missingParent();
	const product = store.requireProduct(chainId, productId, productOwnerCode);
	let existing: VariantRecord | undefined;
	if (id !== undefined) {
		existing = store.variants.get(id);
		if (!existing || existing.chainId !== chainId) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.permissionDenied,
				`Product variant with id ${id} does not exist in chain ${chainId}`,
			);
		}
	} else if (ownerCode !== undefined) {
		existing = store.variantByOwner(chainId, ownerCode);
	}
	const now = store.now();
	if (existing) {
		if (!update) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.variantExists,
				`A product variant with ${id !== undefined ? `id ${id}` : `owner_code ${JSON.stringify(ownerCode)}`} ` +
					`already exists in chain ${chainId} (id ${existing.id}); send update_if_exists=true to update it`,
			);
		}
		if (ownerCode !== undefined && ownerCode !== existing.fields.owner_code) {
			const other = store.variantByOwner(chainId, ownerCode);
			if (other) {
				throw new SpaazaApiError(
					SANDBOX_ERRORS.variantExists,
					`owner_code ${JSON.stringify(ownerCode)} already belongs to product variant ${other.id} in chain ${chainId}`,
				);
			}
		}
		if (barcodes) checkBarcodesFree(store, chainId, barcodes, existing.id);
		const previousOwnerCode = existing.fields.owner_code;
		const previousProductId = existing.productId;
		Object.assign(existing.fields, fields);
		existing.productId = product.id;
		existing.modified = now;
		store.indexVariant(existing, previousOwnerCode);
		store.linkVariant(existing, previousProductId);
		if (barcodes) replaceBarcodes(store, existing, barcodes);
		return { record: existing, created: false };
	}
	if (!barcodes || barcodes.length === 0) throw missing('barcodes');
	checkBarcodesFree(store, chainId, barcodes);
	const variant: VariantRecord = {
		id: store.newVariantId(),
		chainId,
		productId: product.id,
		fields,
		barcodeIds: [],
		created: now,
		modified: now,
	};
	store.variants.set(variant.id, variant);
	store.indexVariant(variant, null);
	store.linkVariant(variant);
	for (const barcode of barcodes) store.addBarcode(variant, barcode);
	return { record: variant, created: true };
}

function missingParent(): never {
	throw missing('product_id or product_owner_code');
}

/**
 * Records put in as add-product / add-product-variant would (same checks), without a request:
 * `Sandbox.load()` and `POST /_sandbox/load`, for large catalogues in tests and benchmarks.
 */
export function loadCatalogue(
	store: CatalogueStore,
	chainId: number,
	records: { products?: unknown[]; variants?: unknown[] },
): void {
	for (const product of records.products ?? []) addProduct(store, chainId, product as Params);
	for (const variant of records.variants ?? [])
		addProductVariant(store, chainId, variant as Params);
}
