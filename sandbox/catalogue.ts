import { offsetDate } from './clock';
import { SANDBOX_ERRORS, SpaazaApiError } from './envelope';

export type FieldValue = string | number | boolean | null;

/** add-product fields (docs/spaaza-api.md §2); `unit` has no documented limit, 64 is the sandbox's. */
export const PRODUCT_FIELDS = {
	strings: {
		owner_code: 64,
		name: 255,
		description: 512,
		brand: 64,
		manufacturer: 64,
		season: 64,
		category: 1024,
		web_url: 512,
		image_url: 512,
		unit: 64,
	},
	decimals: ['price', 'cost_price'],
	booleans: ['is_promotional', 'private_label'],
} as const;

/** add-product-variant fields (docs/spaaza-api.md §3); limits of name, colour and size are the sandbox's. */
export const VARIANT_FIELDS = {
	strings: {
		owner_code: 255,
		name: 255,
		colour: 64,
		size: 64,
		image_url: 512,
		web_url: 512,
	},
	decimals: ['price', 'cost_price'],
	booleans: ['is_promotional'],
} as const;

/** Every field of the kind, `null` where the record has none: Spaaza's answers list them all. */
function everyField(
	kind: typeof PRODUCT_FIELDS | typeof VARIANT_FIELDS,
	values: Record<string, FieldValue>,
): Record<string, FieldValue> {
	const names = [...Object.keys(kind.strings), ...kind.decimals, ...kind.booleans];
	return Object.fromEntries(names.map((name) => [name, values[name] ?? null]));
}

export interface ProductRecord {
	id: number;
	chainId: number;
	fields: Record<string, FieldValue>;
	created: number;
	modified: number;
}

export interface VariantRecord {
	id: number;
	chainId: number;
	productId: number;
	fields: Record<string, FieldValue>;
	barcodeIds: number[];
	created: number;
	modified: number;
}

export interface BarcodeRecord {
	id: number;
	chainId: number;
	barcode: string;
	variantId: number;
	created: number;
	modified: number;
}

export type CatalogueVariant = Record<string, unknown> & {
	id: number;
	owner_code: string | null;
	barcodes: string[];
};
export type CatalogueProduct = Record<string, unknown> & {
	id: number;
	owner_code: string;
	variants: CatalogueVariant[];
};

const key = (chainId: number, code: string) => `${chainId}\u0000${code}`;
const byOwnerCode = (a: Record<string, unknown>, b: Record<string, unknown>) =>
	String(a.owner_code ?? '').localeCompare(String(b.owner_code ?? ''));

/** The products, variants and barcodes of every chain, with the indexes Spaaza's rules need. */
export class CatalogueStore {
	products = new Map<number, ProductRecord>();
	variants = new Map<number, VariantRecord>();
	barcodes = new Map<number, BarcodeRecord>();
	productByOwnerCode = new Map<string, number>();
	variantByOwnerCode = new Map<string, number>();
	barcodeByValue = new Map<string, number>();
	private variantIdsByProduct = new Map<number, Set<number>>();
	private nextProductId = 100001;
	private nextVariantId = 200001;
	private nextBarcodeId = 3700001;

	constructor(readonly now: () => number) {}

	newProductId(): number {
		return this.nextProductId++;
	}

	newVariantId(): number {
		return this.nextVariantId++;
	}

	newBarcodeId(): number {
		return this.nextBarcodeId++;
	}

	productByOwner(chainId: number, ownerCode: string): ProductRecord | undefined {
		const id = this.productByOwnerCode.get(key(chainId, ownerCode));
		return id === undefined ? undefined : this.products.get(id);
	}

	variantByOwner(chainId: number, ownerCode: string): VariantRecord | undefined {
		const id = this.variantByOwnerCode.get(key(chainId, ownerCode));
		return id === undefined ? undefined : this.variants.get(id);
	}

	barcodeOwner(chainId: number, barcode: string): BarcodeRecord | undefined {
		const id = this.barcodeByValue.get(key(chainId, barcode));
		return id === undefined ? undefined : this.barcodes.get(id);
	}

	indexProduct(product: ProductRecord, previousOwnerCode?: string): void {
		if (previousOwnerCode !== undefined)
			this.productByOwnerCode.delete(key(product.chainId, previousOwnerCode));
		this.productByOwnerCode.set(
			key(product.chainId, String(product.fields.owner_code)),
			product.id,
		);
	}

	/** Files a new or moved variant under its product (`variantsOf` must not scan every variant). */
	linkVariant(variant: VariantRecord, previousProductId?: number): void {
		if (previousProductId !== undefined)
			this.variantIdsByProduct.get(previousProductId)?.delete(variant.id);
		let ids = this.variantIdsByProduct.get(variant.productId);
		if (!ids) this.variantIdsByProduct.set(variant.productId, (ids = new Set()));
		ids.add(variant.id);
	}

	indexVariant(variant: VariantRecord, previousOwnerCode: FieldValue): void {
		if (typeof previousOwnerCode === 'string')
			this.variantByOwnerCode.delete(key(variant.chainId, previousOwnerCode));
		const ownerCode = variant.fields.owner_code;
		if (typeof ownerCode === 'string')
			this.variantByOwnerCode.set(key(variant.chainId, ownerCode), variant.id);
	}

	addBarcode(variant: VariantRecord, barcode: string): void {
		const now = this.now();
		const record = {
			id: this.newBarcodeId(),
			chainId: variant.chainId,
			barcode,
			variantId: variant.id,
			created: now,
			modified: now,
		};
		this.barcodes.set(record.id, record);
		this.barcodeByValue.set(key(variant.chainId, barcode), record.id);
		variant.barcodeIds.push(record.id);
	}

	removeBarcode(barcode: BarcodeRecord): void {
		this.barcodes.delete(barcode.id);
		this.barcodeByValue.delete(key(barcode.chainId, barcode.barcode));
		const variant = this.variants.get(barcode.variantId);
		if (variant) variant.barcodeIds = variant.barcodeIds.filter((id) => id !== barcode.id);
	}

	removeVariant(variant: VariantRecord): void {
		for (const id of [...variant.barcodeIds]) this.removeBarcode(this.barcodes.get(id)!);
		this.variants.delete(variant.id);
		this.variantIdsByProduct.get(variant.productId)?.delete(variant.id);
		const ownerCode = variant.fields.owner_code;
		if (typeof ownerCode === 'string')
			this.variantByOwnerCode.delete(key(variant.chainId, ownerCode));
	}

	removeProduct(product: ProductRecord): void {
		for (const variant of this.variantsOf(product.id)) this.removeVariant(variant);
		this.products.delete(product.id);
		this.variantIdsByProduct.delete(product.id);
		this.productByOwnerCode.delete(key(product.chainId, String(product.fields.owner_code)));
	}

	variantsOf(productId: number): VariantRecord[] {
		return [...(this.variantIdsByProduct.get(productId) ?? [])].map((id) => this.variants.get(id)!);
	}

	productsOf(chainId: number): ProductRecord[] {
		return [...this.products.values()].filter((product) => product.chainId === chainId);
	}

	/** A product that exists in the chain, or Spaaza's "permission denied or non-existent" error. */
	requireProduct(chainId: number, id: number | undefined, ownerCode?: string): ProductRecord {
		const product =
			id !== undefined ? this.products.get(id) : this.productByOwner(chainId, ownerCode ?? '');
		if (!product || product.chainId !== chainId) {
			const what = id !== undefined ? `id ${id}` : `owner_code ${JSON.stringify(ownerCode)}`;
			throw new SpaazaApiError(
				SANDBOX_ERRORS.permissionDenied,
				`Product with ${what} does not exist in chain ${chainId}`,
			);
		}
		return product;
	}

	serializeProduct(product: ProductRecord, deleted = false): Record<string, unknown> {
		const fields = everyField(PRODUCT_FIELDS, product.fields);
		return {
			id: product.id,
			...fields,
			created_date: offsetDate(product.created),
			last_modified_date: offsetDate(product.modified),
			deleted,
			entity: {
				entity_type: 'chain',
				entity_id: product.chainId,
				entity_name: `Sandbox chain ${product.chainId}`,
				entity_email_address: 'catalogue@sandbox.spaaza.test',
				entity_phone_number: null,
			},
		};
	}

	serializeBarcode(barcode: BarcodeRecord, deleted = false): Record<string, unknown> {
		return {
			barcode: barcode.barcode,
			created_date: offsetDate(barcode.created),
			deleted,
			id: barcode.id,
			last_modified_date: offsetDate(barcode.modified),
			product_variant_id: barcode.variantId,
		};
	}

	/** The shape of the delete-product-variant sample (D-delpv), barcodes as barcode objects. */
	serializeVariant(variant: VariantRecord, deleted = false): Record<string, unknown> {
		const fields = everyField(VARIANT_FIELDS, variant.fields);
		return {
			id: variant.id,
			product_id: variant.productId,
			...fields,
			condition: variant.fields.condition ?? 'new',
			currency_id: 2,
			published_status: 1,
			published_expiry_date: null,
			barcodes: variant.barcodeIds.map((id) =>
				this.serializeBarcode(this.barcodes.get(id)!, deleted),
			),
			created_date: offsetDate(variant.created),
			last_modified_date: offsetDate(variant.modified),
			deleted,
		};
	}

	/** Plain JSON for tests and the control surface: products sorted by owner_code, barcodes as strings. */
	snapshot(chainId: number): CatalogueProduct[] {
		return this.productsOf(chainId)
			.map((product) => {
				const fields = this.serializeProduct(product);
				delete fields.entity;
				const variants = this.variantsOf(product.id)
					.map((variant) => ({
						...this.serializeVariant(variant),
						barcodes: variant.barcodeIds.map((id) => this.barcodes.get(id)!.barcode),
					}))
					.sort(byOwnerCode) as CatalogueVariant[];
				return { ...fields, variants } as CatalogueProduct;
			})
			.sort(byOwnerCode);
	}

	reset(): void {
		for (const map of [this.products, this.variants, this.barcodes]) map.clear();
		for (const map of [this.productByOwnerCode, this.variantByOwnerCode, this.barcodeByValue])
			map.clear();
		this.variantIdsByProduct.clear();
	}
}
