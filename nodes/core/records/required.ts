import type { RecordKind } from './fields';

export interface MissingField {
	/** Record key (API name). */
	field: string;
	/** CSV column name. */
	column: string;
	message: string;
}

/**
 * The required-field rules of README "Spaaza file sets", checked on a record after its cells were read. Used by
 * the CSV parser and by the record validation (validate.ts), so both reject the same records with the same words.
 */
export function missingRequired(
	kind: RecordKind,
	record: Readonly<Record<string, unknown>>,
): MissingField[] {
	const missing: MissingField[] = [];
	if (kind === 'product') {
		if (record.id === undefined && record.owner_code === undefined) {
			missing.push({
				field: 'owner_code',
				column: 'owner_code',
				message: 'A product needs an owner_code (or the Spaaza id of an existing product)',
			});
		}
		if (record.id === undefined && record.name === undefined) {
			missing.push({
				field: 'name',
				column: 'name',
				message:
					'A product needs a name (only rows that update an existing product by id may leave it out)',
			});
		}
		return missing;
	}
	if (record.owner_code === undefined) {
		missing.push({
			field: 'owner_code',
			column: 'product_variant_owner_code',
			message: 'A variant needs a product_variant_owner_code',
		});
	}
	if (record.product_id === undefined && record.product_owner_code === undefined) {
		missing.push({
			field: 'product_owner_code',
			column: 'product_owner_code',
			message: 'A variant needs the product it belongs to: a product_owner_code or a product_id',
		});
	}
	return missing;
}
