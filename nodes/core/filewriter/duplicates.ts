import { nameSome } from '../bounded';
import { SPAAZA_CODES } from '../errors';
import type { RecordKind } from '../records/fields';
import { sameRecord, valuesAgree } from '../records/values';
import {
	describeOrigin,
	issueFor,
	type BuildIssue,
	type FileRecord,
	type IssueFacts,
} from './issues';

interface Outcome {
	kept: FileRecord[];
	issues: BuildIssue[];
	/** Records not written because of an error. */
	withheld: number;
}

/** The parser's identity of a record: owner_code, or for a product given only by id, the id. */
function keyOf(record: Record<string, unknown>): string | number {
	return record.owner_code !== undefined ? (record.owner_code as string) : (record.id as number);
}

function what(key: string | number): string {
	return typeof key === 'string' ? `owner_code ${JSON.stringify(key)}` : `id ${key}`;
}

function issue(entry: FileRecord, facts: IssueFacts): BuildIssue {
	const ownerCode = entry.record.owner_code;
	return issueFor(entry.origin, typeof ownerCode === 'string' ? ownerCode : undefined, facts);
}

/** Where the records come from, the first few named (a message per record must stay small). */
function origins(entries: FileRecord[]): string {
	return nameSome(entries, (entry) => describeOrigin(entry.origin).toLowerCase());
}

function groupByKey(entries: FileRecord[]): FileRecord[][] {
	const groups = new Map<string | number, FileRecord[]>();
	for (const entry of entries) {
		const key = keyOf(entry.record);
		const group = groups.get(key);
		if (group) group.push(entry);
		else groups.set(key, [entry]);
	}
	return [...groups.values()];
}

/** Exact repeats are written once, with a warning; undefined when the group is not all repeats. */
function repeats(
	kind: RecordKind,
	group: FileRecord[],
	issues: BuildIssue[],
): FileRecord | undefined {
	const [first, ...rest] = group;
	if (!rest.every((entry) => sameRecord(first.record, entry.record))) return undefined;
	const key = keyOf(first.record);
	for (const entry of rest) {
		issues.push(
			issue(entry, {
				severity: 'warning',
				code: SPAAZA_CODES.DUPLICATE_RECORD,
				message: `repeats the ${kind} with ${what(key)} of ${describeOrigin(first.origin).toLowerCase()} exactly; it is written once`,
				field: typeof key === 'string' ? 'owner_code' : 'id',
				value: String(key),
			}),
		);
	}
	return first;
}

/**
 * Several records of one variant merge as the parser merges the rows of one variant: the
 * barcodes are combined in order, a repeated barcode is dropped with a warning, a field missing
 * from one record is taken from another. Records that disagree on a field give no record at all.
 */
function mergeVariant(group: FileRecord[], issues: BuildIssue[]): FileRecord | undefined {
	const [first, ...rest] = group;
	const merged: Record<string, unknown> = {
		...first.record,
		barcodes: [...(first.record.barcodes as string[])],
	};
	const barcodes = merged.barcodes as string[];
	// A Set beside the list: `includes` per barcode was quadratic for a variant with thousands.
	const seen = new Set(barcodes);
	const warnings: BuildIssue[] = [];
	for (const entry of rest) {
		for (const [field, value] of Object.entries(entry.record)) {
			if (field === 'barcodes') continue;
			const kept = merged[field];
			if (kept === undefined) merged[field] = value;
			else if (!valuesAgree(kept, value)) {
				for (const member of group) {
					issues.push(
						issue(member, {
							severity: 'error',
							code: SPAAZA_CODES.VARIANT_CONFLICT,
							message: `the variant is given more than once (${origins(group)}) and ${field} differs: ${JSON.stringify(String(kept))} and ${JSON.stringify(String(value))}. Give one value per variant; none of them was written`,
							field,
							value: String(member.record[field] ?? ''),
						}),
					);
				}
				return undefined;
			}
		}
		for (const barcode of entry.record.barcodes as string[]) {
			if (!seen.has(barcode)) {
				seen.add(barcode);
				barcodes.push(barcode);
				continue;
			}
			warnings.push(
				issue(entry, {
					severity: 'warning',
					code: SPAAZA_CODES.REPEATED_BARCODE,
					message: `repeats barcode ${JSON.stringify(barcode)} of the same variant; it is written once`,
					field: 'barcodes',
					column: 'barcode',
					value: barcode,
				}),
			);
		}
	}
	issues.push(...warnings);
	return { record: merged, origin: first.origin };
}

/** Products sharing an owner_code (or id) with different values: nobody can tell which is right. */
function clashingProducts(group: FileRecord[], issues: BuildIssue[]): void {
	const key = keyOf(group[0].record);
	for (const entry of group) {
		issues.push(
			issue(entry, {
				severity: 'error',
				code: SPAAZA_CODES.DUPLICATE_RECORD,
				message: `the product with ${what(key)} is given more than once with different values (${origins(group)}). Keep one record per product; none of them was written`,
				field: typeof key === 'string' ? 'owner_code' : 'id',
				value: String(key),
			}),
		);
	}
}

/**
 * Variants that share barcodes, grouped by the set of variants: two variants sharing 3,000
 * barcodes are one problem, not 3,000. A barcode belongs to one variant only.
 */
function sharedBarcodes(
	entries: FileRecord[],
): Array<{ owners: FileRecord[]; barcodes: string[] }> {
	const owner = new Map<string, FileRecord>();
	const shared = new Map<string, Set<FileRecord>>();
	for (const entry of entries) {
		for (const barcode of entry.record.barcodes as string[]) {
			const first = owner.get(barcode);
			if (first === undefined) owner.set(barcode, entry);
			else if (first !== entry) {
				const set = shared.get(barcode);
				if (set) set.add(entry);
				else shared.set(barcode, new Set([first, entry]));
			}
		}
	}
	const ids = new Map(entries.map((entry, index) => [entry, index]));
	const groups = new Map<string, { owners: FileRecord[]; barcodes: string[] }>();
	for (const [barcode, set] of shared) {
		const owners = [...set];
		const key = owners.map((entry) => ids.get(entry)).join(',');
		const group = groups.get(key);
		if (group) group.barcodes.push(barcode);
		else groups.set(key, { owners, barcodes: [barcode] });
	}
	return [...groups.values()];
}

/**
 * The parser's rules for one file (fileset/products.ts, fileset/variants.ts), applied before
 * writing so the file never holds what the parser would reject or read differently.
 */
export function removeDuplicates(kind: RecordKind, entries: FileRecord[]): Outcome {
	const issues: BuildIssue[] = [];
	let withheld = 0;
	let kept: FileRecord[] = [];
	// How many input records a merged variant stands for, to count them if it is withheld later.
	const inputs = new Map<FileRecord, number>();
	for (const group of groupByKey(entries)) {
		const single = group.length === 1 ? group[0] : repeats(kind, group, issues);
		const record = single ?? (kind === 'variant' ? mergeVariant(group, issues) : undefined);
		if (record) {
			kept.push(record);
			if (record !== single) inputs.set(record, group.length);
		} else {
			if (kind === 'product') clashingProducts(group, issues);
			withheld += group.length;
		}
	}
	if (kind === 'variant') {
		const dropped = new Set<FileRecord>();
		for (const { owners, barcodes } of sharedBarcodes(kept)) {
			const which =
				barcodes.length === 1
					? `barcode ${JSON.stringify(barcodes[0])} is`
					: `barcodes ${nameSome(barcodes, (b) => JSON.stringify(b))} are`;
			const variants = nameSome(owners, (o) => o.record.owner_code as string);
			for (const entry of owners) {
				dropped.add(entry);
				issues.push(
					issue(entry, {
						severity: 'error',
						code: SPAAZA_CODES.DUPLICATE_BARCODE,
						message: `${which} on more than one variant (${variants}). A barcode can belong to only one variant, so none of these variants was written`,
						field: 'barcodes',
						column: 'barcode',
						value: barcodes[0],
					}),
				);
			}
		}
		if (dropped.size > 0) {
			kept = kept.filter((entry) => !dropped.has(entry));
			for (const entry of dropped) withheld += inputs.get(entry) ?? 1;
		}
	}
	return { kept, issues, withheld };
}
