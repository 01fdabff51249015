import { nameSome } from '../../bounded';
import { SPAAZA_CODES } from '../../errors';
import { missingRequired, type MissingField } from '../../records/required';
import type { RecordSource, VariantRecord } from '../../records/types';
import { valuesAgree } from '../../records/values';
import { reportMissing, type FileIssue } from '../reporter';
import { KeyIndex } from './keyIndex';
import { appended } from './lists';
import { quoted, type RowRecord } from '../rows/rows';

interface Conflict {
	field: string;
	kept: unknown;
	value: unknown;
	line: number;
}

function linesOf(record: VariantRecord): number[] {
	return (record._source as RecordSource).lines;
}

function describeLines(lines: number[]): string {
	return lines.length === 1 ? `line ${lines[0]}` : `lines ${nameSome(lines)}`;
}

/** The required values a variant row lacks, its barcode included. */
function missingFromVariantRow(row: RowRecord): MissingField[] {
	const missing = missingRequired('variant', row);
	if (row.barcodes === undefined) {
		missing.push({
			field: 'barcodes',
			column: 'barcode',
			message: 'A variant row needs a barcode',
		});
	}
	return missing;
}

/**
 * Takes a later row of a variant into its record: fields the earlier rows left empty are filled,
 * and the first field that disagrees is kept as the variant's conflict.
 */
function mergeRow(
	record: VariantRecord,
	row: RowRecord,
	line: number,
	conflicts: Map<VariantRecord, Conflict>,
): void {
	for (const field in row) {
		const value = row[field];
		// Undefined: a key the row's shape reserves but the row does not set (see rows.ts).
		if (field === 'barcodes' || value === undefined) continue;
		const kept = record[field];
		if (kept === undefined) record[field] = value;
		else if (kept !== value && !valuesAgree(kept, value) && !conflicts.has(record)) {
			conflicts.set(record, { field, kept, value, line });
		}
	}
}

function ownersOf(variants: VariantRecord[], wanted: Set<string>): Map<string, VariantRecord[]> {
	const owners = new Map<string, VariantRecord[]>();
	if (wanted.size === 0) return owners;
	for (const record of variants) {
		for (const barcode of record.barcodes) {
			if (!wanted.has(barcode)) continue;
			const list = owners.get(barcode);
			if (list) list.push(record);
			else owners.set(barcode, [record]);
		}
	}
	return owners;
}

/**
 * Variants sharing many barcodes (rows pasted under a second code) are one problem: one issue
 * names the first few barcodes of each group of variants and counts the rest.
 */
function withholdSharedBarcodes(
	owners: Map<string, VariantRecord[]>,
	withheld: Set<VariantRecord>,
	report: (issue: FileIssue) => void,
): void {
	const groups = new Map<string, { variants: VariantRecord[]; barcodes: string[] }>();
	for (const [barcode, variants] of owners) {
		const key = variants.map((v) => v.owner_code).join('\n');
		const group = groups.get(key);
		if (group) group.barcodes.push(barcode);
		else groups.set(key, { variants, barcodes: [barcode] });
	}
	for (const { variants, barcodes } of groups.values()) {
		variants.forEach((v) => withheld.add(v));
		const which =
			barcodes.length === 1 ? `Barcode ${barcodes[0]} is` : `Barcodes ${nameSome(barcodes)} are`;
		const named = nameSome(variants, (v) => `${v.owner_code} (${describeLines(linesOf(v))})`);
		report({
			severity: 'error',
			code: SPAAZA_CODES.DUPLICATE_BARCODE,
			message: `${which} on more than one variant: ${named}. A barcode can belong to only one variant, so none of these variants was imported`,
			line: linesOf(variants[0])[0],
			column: 'barcode',
			value: barcodes[0],
		});
	}
}

function withholdConflicts(
	conflicts: Map<VariantRecord, Conflict>,
	withheld: Set<VariantRecord>,
	report: (issue: FileIssue) => void,
): void {
	for (const [record, c] of conflicts) {
		withheld.add(record);
		const column = c.field === 'owner_code' ? 'product_variant_owner_code' : c.field;
		report({
			severity: 'error',
			code: SPAAZA_CODES.VARIANT_CONFLICT,
			message: `Variant ${record.owner_code} has rows that disagree: ${column} is ${quoted(String(c.kept))} on an earlier row but ${quoted(String(c.value))} on line ${c.line}. All rows of a variant must have the same values apart from the barcode; ${describeLines(linesOf(record))} were not imported`,
			line: linesOf(record)[0],
			column,
			value: String(c.value),
		});
	}
}

/** Variants with a rejected row (`tainted`: code → its bad lines) are held back whole. */
function withholdTainted(
	tainted: Map<string, number[]>,
	variants: VariantRecord[],
	withheld: Set<VariantRecord>,
	report: (issue: FileIssue) => void,
): void {
	let withCode: Map<string, VariantRecord> | undefined;
	for (const [code, badLines] of tainted) {
		const record = (withCode ??= new Map(variants.map((v) => [v.owner_code, v]))).get(code);
		if (record === undefined || withheld.has(record)) continue;
		withheld.add(record);
		report({
			severity: 'error',
			code: SPAAZA_CODES.INVALID_VALUE,
			message: `Variant ${code} was not imported because its row on ${describeLines(badLines)} has errors (see above); its other rows (${describeLines(linesOf(record))}) are held back so no barcode goes missing. Fix that row and import again`,
			line: linesOf(record)[0],
			column: 'product_variant_owner_code',
			value: code,
		});
	}
}

/**
 * Merges variant rows (one per barcode, not necessarily adjacent) into one record per
 * product_variant_owner_code with `barcodes` in file order.
 *
 * A variant is withheld as a whole when any of its rows is wrong: a record with fewer barcodes
 * would, with update_if_exists, remove the missing barcodes in Spaaza. So a conflicting value,
 * a barcode shared with another variant (both variants) or an invalid row rejects the variant.
 * A barcode repeated within one variant is harmless and only dropped with a warning.
 */
export function groupVariantRows(
	source: Omit<RecordSource, 'lines'>,
	updateIfExists: boolean,
	report: (issue: FileIssue) => void,
	skipAdjacentLookup = true,
) {
	const variants: VariantRecord[] = [];
	const byCode = new KeyIndex<string>((item, code) => variants[item].owner_code === code);
	const byBarcode = new KeyIndex<string>((item, barcode) =>
		variants[item].barcodes.includes(barcode),
	);
	const shared = new Set<string>();
	const conflicts = new Map<VariantRecord, Conflict>();
	let last: VariantRecord | undefined;
	let lastItem = -1;
	const tainted = new Map<string, number[]>();

	// One lookup per barcode; the owners of a shared barcode are looked up at the end.
	function track(barcode: string, item: number): void {
		if (byBarcode.claim(barcode, item) !== -1) shared.add(barcode);
	}

	function append(record: VariantRecord, item: number, barcode: string, line: number): void {
		const origin = record._source as RecordSource;
		origin.lines = appended(origin.lines, line);
		last = record;
		lastItem = item;
		// The index first: scanning the variant's own barcodes on every row would be quadratic
		// for a variant with thousands of them.
		const earlier = byBarcode.claim(barcode, item);
		if (earlier !== -1 && (earlier === item || record.barcodes.includes(barcode))) {
			report({
				severity: 'warning',
				code: SPAAZA_CODES.REPEATED_BARCODE,
				message: `Line ${line} repeats barcode ${barcode} of variant ${record.owner_code}; the repeat is ignored`,
				line,
				column: 'barcode',
				value: barcode,
			});
			return;
		}
		record.barcodes = appended(record.barcodes, barcode);
		if (earlier !== -1) shared.add(barcode);
	}

	/** Records that a row of this variant was rejected, so the variant is withheld. */
	function reject(
		row: RowRecord | undefined,
		fields: string[],
		ownerCodeIndex: number,
		line: number,
	): void {
		const code = row?.owner_code ?? fields[ownerCodeIndex];
		if (typeof code !== 'string' || code.trim() === '') return;
		const lines = tainted.get(code);
		if (lines) lines.push(line);
		else tainted.set(code, [line]);
	}

	return {
		reject,
		/** Adds a valid row; `false` when it lacks a required value (reported). */
		add(row: RowRecord, line: number): boolean {
			const complete =
				row.owner_code !== undefined &&
				row.barcodes !== undefined &&
				(row.product_id !== undefined || row.product_owner_code !== undefined);
			if (!complete) {
				reportMissing(report, line, missingFromVariantRow(row));
				reject(row, [], -1, line);
				return false;
			}
			const barcode = row.barcodes as string;
			const code = row.owner_code as string;
			// Rows of one variant are usually adjacent: skip the lookup for them.
			const item =
				skipAdjacentLookup && last !== undefined && last.owner_code === code
					? lastItem
					: byCode.claim(code, variants.length);
			if (item === -1) {
				row.barcodes = [barcode];
				row._source = { fileSet: source.fileSet, file: source.file, lines: [line] };
				last = row as VariantRecord;
				lastItem = variants.length;
				variants.push(last);
				track(barcode, lastItem);
				return true;
			}
			const record = variants[item];
			mergeRow(record, row, line, conflicts);
			append(record, item, barcode, line);
			return true;
		},

		/** A row equal to the previous accepted row but for its barcode: the usual file layout. */
		addBarcode(barcode: string, line: number): void {
			append(last as VariantRecord, lastItem, barcode, line);
		},

		finish(): VariantRecord[] {
			const withheld = new Set<VariantRecord>();
			withholdSharedBarcodes(ownersOf(variants, shared), withheld, report);
			withholdConflicts(conflicts, withheld, report);
			withholdTainted(tainted, variants, withheld, report);
			for (const record of variants) {
				if (record.update_if_exists === undefined) record.update_if_exists = updateIfExists;
			}
			// Most files withhold nothing: then the list itself is the answer, not a copy of it.
			return withheld.size === 0 ? variants : variants.filter((record) => !withheld.has(record));
		},
	};
}
