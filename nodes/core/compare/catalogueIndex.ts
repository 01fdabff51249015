/**
 * One compact index of what Spaaza holds: owner code → one string packing the Spaaza id and every
 * compared field in Spaaza's terms (values.ts). A string per record instead of an object per
 * record keeps 100,000 products in tens of megabytes (docs/nodes/spaaza-compare-catalogue.md "Memory").
 * Pure: the readers (nodes/spaaza/compare/read.ts) feed it rows, the node asks it about records.
 */
import { clip } from '../bounded';
import { FIELDS, type FieldRule, type RecordKind } from '../records';
import { canonical, displayValue } from './values';

/** Field separator inside a packed entry, and the markers a value slot can hold instead of a value. */
const SEP = '\u001f';
const NOT_RETURNED = '\u0002';
const EMPTY = '\u0003';
const NOT_COMPARABLE = '\u0005';
/** Prefix of an entry a feed record matched: what is left unmarked is Missing From Feed. */
const SEEN = '\u0004';
/** Whether a value holds a character the packing uses (control characters \u0000–\u0005, \u001f). */
function holdsMarker(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code <= 5 || code === 0x1f) return true;
	}
	return false;
}

/** What Compare and Delete Record say wherever a product may be deleted. */
export const PRODUCT_DELETE_NOTE =
	'Deleting a product in Spaaza also deletes all its variants (delete-product).';

/** How many fields one Changed item lists, and how long each value may be. */
export const MAX_CHANGES_LISTED = 20;
export const MAX_CHANGE_VALUE_CHARS = 200;

export interface FieldChange {
	spaaza: unknown;
	feed: unknown;
	/** Why the field counts as changed when the values alone do not say (fail safe). */
	reason?: string;
}

export type CompareOutcome =
	| { status: 'new' }
	| { status: 'unchanged'; id: number }
	| {
			status: 'changed';
			id: number;
			changes: Record<string, FieldChange>;
			/** Changed fields beyond MAX_CHANGES_LISTED. */
			changesLeftOut: number;
	  };

export interface MissingRecord {
	key: string;
	id: number;
	ownerCode?: string;
}

/** The fields Compare checks: everything a record can send except the write flag. */
export function comparedFields(kind: RecordKind): readonly FieldRule[] {
	return FIELDS[kind].filter((rule) => rule.name !== 'update_if_exists');
}

function shown(value: unknown): unknown {
	return typeof value === 'string' ? clip(value, MAX_CHANGE_VALUE_CHARS) : value;
}

export class CatalogueIndex {
	private readonly entries = new Map<string, string>();
	private readonly fields: readonly FieldRule[];
	private readonly slot = new Map<string, number>();
	/** Characters held in keys and entries: the index's size, for the summary and the bench. */
	private chars = 0;
	/**
	 * Product owner codes by product id, for variants: get-product-variants names a variant's
	 * product by `product_id` only (docs/spaaza-api.md §4), so a variant's `product_owner_code` is
	 * looked up here when a record is compared. Read at the same time as the variants.
	 */
	private parents?: ReadonlyMap<number, string>;
	private parentChars = 0;

	constructor(readonly kind: RecordKind) {
		this.fields = comparedFields(kind);
		this.fields.forEach((rule, i) => this.slot.set(rule.name, i));
	}

	get size(): number {
		return this.entries.size;
	}

	/** Approximate bytes: two per character, plus the Map's own overhead per entry. */
	approximateBytes(): number {
		const parents = this.parents ? this.parentChars * 2 + this.parents.size * 80 : 0;
		return this.chars * 2 + this.entries.size * 80 + parents;
	}

	/** Product owner codes by id (a products read), for variants whose read lacks them. */
	setParentOwnerCodes(parents: ReadonlyMap<number, string>): void {
		this.parents = parents;
		this.parentChars = 0;
		for (const code of parents.values()) this.parentChars += code.length;
	}

	/**
	 * Adds one record as the read returned it. `returned(field)` says whether the read carries the
	 * field at all (an export column, a key of the API answer); a field it does not carry can never
	 * prove a record unchanged.
	 */
	add(row: Record<string, unknown>, returned: (field: string) => boolean): void {
		const id = Number(row.id);
		if (!Number.isSafeInteger(id)) return;
		const owner = row.owner_code;
		const key = typeof owner === 'string' && owner !== '' ? owner : `#${id}`;
		const slots = this.fields.map((rule) => {
			if (rule.name === 'id') return String(id);
			if (!returned(rule.name)) return NOT_RETURNED;
			const value = row[rule.name];
			if (value === null || value === undefined || value === '') return EMPTY;
			if (rule.type === 'barcode' && Array.isArray(value) && value.length === 0) return EMPTY;
			const result = canonical(rule.type, value);
			return result.ok && !holdsMarker(result.value) ? result.value : NOT_COMPARABLE;
		});
		const packed = slots.join(SEP);
		const before = this.entries.get(key);
		if (before !== undefined) this.chars -= key.length + before.length;
		this.entries.set(key, packed);
		this.chars += key.length + packed.length;
	}

	/**
	 * The record (as the Upsert node would send it) against Spaaza's entry for its owner code.
	 * Every field it sends is checked; only when all of them provably hold the same value is it
	 * unchanged.
	 */
	compare(ownerCode: string, record: Record<string, unknown>): CompareOutcome {
		let packed = this.entries.get(ownerCode);
		if (packed === undefined) return { status: 'new' };
		if (packed.startsWith(SEEN)) packed = packed.slice(SEEN.length);
		else this.entries.set(ownerCode, SEEN + packed);
		const slots = packed.split(SEP);
		const id = Number(slots[this.slot.get('id')!]);
		const changes: Record<string, FieldChange> = {};
		let changed = 0;
		const note = (field: string, change: FieldChange) => {
			changed++;
			if (changed <= MAX_CHANGES_LISTED)
				changes[field] = {
					spaaza: shown(change.spaaza),
					feed: shown(change.feed),
					...(change.reason ? { reason: change.reason } : {}),
				};
		};
		for (const rule of this.fields) {
			if (rule.name === 'owner_code') continue;
			const feed = record[rule.name];
			if (feed === undefined || feed === null) continue;
			let stored = slots[this.slot.get(rule.name)!];
			if (rule.name === 'product_owner_code' && stored === NOT_RETURNED && this.parents) {
				const productId = slots[this.slot.get('product_id')!];
				const parent = this.parents.get(Number(productId));
				if (parent !== undefined) stored = holdsMarker(parent) ? NOT_COMPARABLE : parent;
				else if (productId === EMPTY) stored = EMPTY;
			}
			const mine = canonical(rule.type, feed);
			if (!mine.ok) {
				note(rule.name, { spaaza: null, feed, reason: `The feed's value is ${mine.reason}` });
			} else if (stored === NOT_RETURNED) {
				note(rule.name, {
					spaaza: null,
					feed,
					reason: "Spaaza's read does not return this field, so it cannot be shown to be the same",
				});
			} else if (stored === NOT_COMPARABLE) {
				note(rule.name, {
					spaaza: null,
					feed,
					reason: "Spaaza's value for this field could not be compared",
				});
			} else if (stored === EMPTY) {
				note(rule.name, { spaaza: null, feed });
			} else if (stored !== mine.value) {
				note(rule.name, { spaaza: displayValue(rule.type, stored), feed });
			}
		}
		if (changed === 0) return { status: 'unchanged', id };
		return {
			status: 'changed',
			id,
			changes,
			changesLeftOut: Math.max(0, changed - MAX_CHANGES_LISTED),
		};
	}

	/** Whether Spaaza holds a record with this owner code (marks it as in the feed). */
	has(ownerCode: string): boolean {
		return this.entries.has(ownerCode);
	}

	/** Marks a key as in the feed without comparing (a record that goes to Changed for another reason). */
	markSeen(ownerCode: string): number | undefined {
		const packed = this.entries.get(ownerCode);
		if (packed === undefined) return undefined;
		const seen = packed.startsWith(SEEN);
		if (!seen) this.entries.set(ownerCode, SEEN + packed);
		return Number((seen ? packed.slice(SEEN.length) : packed).split(SEP)[this.slot.get('id')!]);
	}

	/** Records Spaaza holds that no feed record matched, in the order they were read. */
	*missing(): Generator<MissingRecord> {
		for (const [key, packed] of this.entries) {
			if (packed.startsWith(SEEN)) continue;
			const id = Number(packed.split(SEP)[this.slot.get('id')!]);
			yield key.startsWith('#') && key === `#${id}` ? { key, id } : { key, id, ownerCode: key };
		}
	}
}
