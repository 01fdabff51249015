/** Where a parsed record came from; 1-based physical lines, the first is where the record starts. */
export interface RecordSource {
	fileSet: string;
	file: string;
	lines: number[];
}

/** An add-product record. Amounts are decimal strings as written (e.g. "25.00"), ids numbers. */
export interface ProductRecord {
	id?: number;
	owner_code?: string;
	name?: string;
	description?: string;
	price?: string;
	cost_price?: string;
	brand?: string;
	manufacturer?: string;
	season?: string;
	category?: string;
	web_url?: string;
	image_url?: string;
	is_promotional?: boolean;
	private_label?: boolean;
	unit?: string;
	update_if_exists?: boolean;
	_source?: RecordSource;
	/** Unknown lowercase CSV columns pass through as strings. */
	[column: string]: unknown;
}

/** An add-product-variant record: one per variant, with every barcode of its rows. */
export interface VariantRecord {
	owner_code: string;
	barcodes: string[];
	id?: number;
	product_id?: number;
	product_owner_code?: string;
	name?: string;
	price?: string;
	cost_price?: string;
	colour?: string;
	size?: string;
	image_url?: string;
	web_url?: string;
	is_promotional?: boolean;
	update_if_exists?: boolean;
	_source?: RecordSource;
	[column: string]: unknown;
}
