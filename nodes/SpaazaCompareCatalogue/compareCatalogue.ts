/**
 * Spaaza Compare Catalogue (docs/nodes/spaaza-compare-catalogue.md): the feed's records against what
 * Spaaza holds now, read by the node itself (read.ts) into one compact index
 * (core/compare/catalogueIndex.ts). Four outputs: New, Changed, Unchanged, Missing From Feed.
 * Fail safe: a record is Unchanged only when every field it would send provably holds that value.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { CatalogueIndex, PRODUCT_DELETE_NOTE } from '../core/compare/catalogueIndex';
import { clip, nameSome } from '../core/bounded';
import {
	autoRecordInput,
	flattenInput,
	ownerCodeOf,
	type RecordEntry,
} from '../shell/mapping/inputs';
import { PRODUCT_UPSERT, VARIANT_UPSERT, type UpsertKind } from '../shell/mapping/kinds';
import { readManualRecord } from '../shell/mapping/manual';
import { getSpaazaConnection, resolveChain } from '../spaaza/transport/connection';
import { DEFAULT_MAX_RETRIES } from '../spaaza/transport/constants';
import { MAX_RETRIES_LIMIT } from '../spaaza/properties';
import { credentialSecrets } from '../spaaza/transport/request';
import { scrubbedCut } from '../spaaza/transport/scrub';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../spaaza/upsert/description';
import { readExport, readVariantPages, type ReadReport } from './readCatalogue';

/** A read's problem, as the summary and every Changed item carry it. */
const MAX_REASON_CHARS = 300;

export const OUTPUT_NAMES = ['New', 'Changed', 'Unchanged', 'Missing From Feed'];
const NEW = 0;
const CHANGED = 1;
const UNCHANGED = 2;
const MISSING = 3;

interface CompareSettings {
	kind: UpsertKind;
	recordType: 'products' | 'variants';
	feedIsComplete: boolean;
	outputUnchanged: 'summary' | 'records';
	maxRetries: number;
	concurrency: number;
}

function readSettings(ctx: IExecuteFunctions): CompareSettings {
	const recordType =
		ctx.getNodeParameter('recordType', 0, 'products') === 'variants' ? 'variants' : 'products';
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const retries = Math.floor(Number(options.maxRetries ?? DEFAULT_MAX_RETRIES));
	const concurrency = Math.floor(Number(options.concurrency ?? DEFAULT_CONCURRENCY));
	return {
		kind: recordType === 'products' ? PRODUCT_UPSERT : VARIANT_UPSERT,
		recordType,
		feedIsComplete: ctx.getNodeParameter('feedIsComplete', 0, false) === true,
		outputUnchanged:
			ctx.getNodeParameter('outputUnchanged', 0, 'summary') === 'records' ? 'records' : 'summary',
		maxRetries: Number.isFinite(retries)
			? Math.min(MAX_RETRIES_LIMIT, Math.max(0, retries))
			: DEFAULT_MAX_RETRIES,
		concurrency: Number.isFinite(concurrency)
			? Math.min(MAX_CONCURRENCY, Math.max(1, concurrency))
			: DEFAULT_CONCURRENCY,
	};
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a variant record names its product by owner code, so the read must map product ids to owner codes. */
function namesParentByOwnerCode(raw: unknown): boolean {
	if (!isObject(raw)) return false;
	const has = (key: string) => raw[key] !== undefined && raw[key] !== null && raw[key] !== '';
	return has('product_owner_code');
}

interface ReadResult {
	index: CatalogueIndex;
	reads: ReadReport[];
	complete: boolean;
	reason?: string;
}

async function readSpaaza(
	ctx: IExecuteFunctions,
	settings: CompareSettings,
	needParents: boolean,
): Promise<ReadResult> {
	const connection = await getSpaazaConnection(ctx, 0);
	const chainId = resolveChain(ctx, 0, connection);
	const signal = ctx.getExecutionCancelSignal?.();
	const { maxRetries, concurrency } = settings;
	const options = { chainId, connection, maxRetries, concurrency, signal };
	const index = new CatalogueIndex(settings.kind.kind);
	if (settings.recordType === 'products') {
		let columns: Set<string> | undefined;
		const read = await readExport(ctx, 'products', options, (row) => {
			columns ??= new Set(Object.keys(row));
			index.add(row, (field) => columns!.has(field));
		});
		return { index, reads: [read], complete: read.complete, reason: read.reason };
	}
	// get-product-variants gives each variant's product_id; a feed naming products by owner code
	// needs their owner codes, which one products export gives (id → owner code, nothing else
	// kept). The export runs while the variant pages are read; the index looks parents up when it
	// compares.
	const parents = new Map<number, string>();
	const [parentRead, read] = await Promise.all([
		needParents
			? readExport(ctx, 'products', options, (row) => {
					const id = Number(row.id);
					if (
						Number.isSafeInteger(id) &&
						typeof row.owner_code === 'string' &&
						row.owner_code !== ''
					)
						parents.set(id, row.owner_code);
				})
			: undefined,
		readVariantPages(ctx, options, (row) => index.add(row, (field) => field in row)),
	]);
	const reads = parentRead ? [parentRead, read] : [read];
	let parentsReason: string | undefined;
	if (parentRead) {
		if (
			parentRead.complete &&
			parentRead.columns.includes('id') &&
			parentRead.columns.includes('owner_code')
		)
			index.setParentOwnerCodes(parents);
		else
			parentsReason = parentRead.complete
				? 'the products export has no id or owner_code column'
				: `the products export failed: ${parentRead.reason}`;
	}
	return {
		index,
		reads,
		complete: read.complete,
		reason:
			read.reason ?? (parentsReason ? `Product owner codes unknown: ${parentsReason}` : undefined),
	};
}

interface FeedEntry extends RecordEntry {
	/** Manual mapping: why an item's fields could not be read (an expression that fails). */
	mappingError?: string;
}

/**
 * The feed's records. With manual mapping each item's fields are read first (expressions resolved
 * per item), and that mapped record is what Compare compares and outputs, so the Create or Update
 * node after it can map automatically.
 */
function feedEntries(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	kind: UpsertKind,
): FeedEntry[] {
	const manual = ctx.getNodeParameter('mappingMode', 0, 'auto') === 'manual';
	const { entries } = flattenInput(items, manual);
	if (!manual) return entries;
	return entries.map((entry) => {
		try {
			return { itemIndex: entry.itemIndex, raw: readManualRecord(ctx, entry.itemIndex, kind) };
		} catch (error) {
			return { ...entry, mappingError: clip((error as Error).message, 300) };
		}
	});
}

function changedItem(raw: IDataObject, itemIndex: number, extra: IDataObject): INodeExecutionData {
	return { json: { ...raw, ...extra }, pairedItem: { item: itemIndex } };
}

/** Spaaza's catalogue as read, with what every comparison needs to know about the read. */
interface Catalogue {
	index: CatalogueIndex;
	complete: boolean;
	/** Why the read is incomplete: scrubbed of the credential's secrets and cut short. */
	reason?: string;
	/** What a record that cannot be shown new or unchanged says when the read is incomplete. */
	incomplete?: string;
}

/** Where a feed record goes (New, Changed or Unchanged) and the item it is there, if any. */
interface Placed {
	output: number;
	item?: INodeExecutionData;
}

function notComparable(
	entry: FeedEntry,
	raw: IDataObject,
	why: string,
	extra: IDataObject = {},
): Placed {
	const item = changedItem(raw, entry.itemIndex, {
		changes: {},
		reason: `Not comparable: ${why}`,
		...extra,
	});
	return { output: CHANGED, item };
}

/** One feed record compared with the catalogue. */
function placeRecord(entry: FeedEntry, catalogue: Catalogue, settings: CompareSettings): Placed {
	const { kind } = settings;
	const { index, complete, reason, incomplete } = catalogue;
	const raw: IDataObject = isObject(entry.raw) ? entry.raw : { value: entry.raw as never };
	if (entry.mappingError !== undefined)
		return notComparable(entry, raw, `a field could not be mapped (${entry.mappingError})`);
	const checked = kind.check(autoRecordInput(raw, true));
	if (!checked.ok) {
		// The Upsert node reports it as invalid with every problem; Compare cannot compare it.
		const owner = ownerCodeOf(raw, kind.ownerCodeKeys);
		const id = owner !== undefined ? index.markSeen(owner) : undefined;
		return notComparable(
			entry,
			raw,
			`the record is not valid (${nameSome(checked.problems, (p) => `${p.field || 'record'}: ${p.message}`, 3)})`,
			id !== undefined ? { spaazaId: id } : {},
		);
	}
	const record = checked.record;
	const ownerCode = typeof record.owner_code === 'string' ? record.owner_code : undefined;
	if (ownerCode === undefined) {
		return notComparable(
			entry,
			raw,
			`the ${kind.noun} has no owner code, and Compare finds ${kind.plural} by owner code`,
		);
	}
	const outcome = index.compare(ownerCode, record);
	if (outcome.status === 'new') {
		if (incomplete)
			return {
				output: CHANGED,
				item: changedItem(raw, entry.itemIndex, { changes: {}, reason: incomplete }),
			};
		return { output: NEW, item: { json: raw, pairedItem: { item: entry.itemIndex } } };
	}
	if (outcome.status === 'changed') {
		const item = changedItem(raw, entry.itemIndex, {
			spaazaId: outcome.id,
			changes: outcome.changes as unknown as IDataObject,
			...(outcome.changesLeftOut > 0 ? { changesLeftOut: outcome.changesLeftOut } : {}),
			...(!complete && reason ? { readNote: incomplete } : {}),
		});
		return { output: CHANGED, item };
	}
	if (settings.outputUnchanged !== 'records') return { output: UNCHANGED };
	const item = { json: { ...raw, spaazaId: outcome.id }, pairedItem: { item: entry.itemIndex } };
	return { output: UNCHANGED, item };
}

/**
 * Missing From Feed: what Spaaza holds that the feed lacks, listed only when the feed is the whole
 * catalogue and the catalogue was read to the end; otherwise a note that says why not.
 */
function missingFromFeed(
	catalogue: Catalogue,
	settings: CompareSettings,
): { items: INodeExecutionData[]; note?: string } {
	if (!settings.feedIsComplete) {
		return {
			items: [],
			note: 'Feed Is Complete is off, so records Spaaza holds that the input lacks are not listed: turn it on only when the input is the whole catalogue.',
		};
	}
	if (!catalogue.complete) {
		return {
			items: [],
			note: `Nothing is listed as missing from the feed, because Spaaza's catalogue could not be read to the end (${catalogue.reason ?? 'unknown reason'}).`,
		};
	}
	const items: INodeExecutionData[] = [];
	for (const record of catalogue.index.missing()) {
		items.push({
			json: {
				recordType: settings.recordType,
				id: record.id,
				...(record.ownerCode !== undefined ? { owner_code: record.ownerCode } : {}),
				...(settings.recordType === 'products' ? { note: PRODUCT_DELETE_NOTE } : {}),
			},
			pairedItem: { item: 0 },
		});
	}
	return { items };
}

export async function runCompare(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const settings = readSettings(ctx);
	const items = ctx.getInputData();
	const entries = feedEntries(ctx, items, settings.kind);
	const needParents =
		settings.recordType === 'variants' &&
		entries.some((entry) => namesParentByOwnerCode(entry.raw));
	const started = Date.now();
	const read = await readSpaaza(ctx, settings, needParents);
	// Server text (a storage page, an error description) may echo what it got of the credential.
	const reason =
		read.reason === undefined
			? undefined
			: scrubbedCut(read.reason, MAX_REASON_CHARS, await credentialSecrets(ctx, 0));
	const catalogue: Catalogue = {
		index: read.index,
		complete: read.complete,
		reason,
		incomplete: read.complete
			? undefined
			: `Spaaza's catalogue could not be read to the end (${reason ?? 'unknown reason'}), so this record cannot be shown to be new or unchanged`,
	};
	const indexBytes = read.index.approximateBytes();
	const spaazaRecords = read.index.size;

	const outputs: INodeExecutionData[][] = [[], [], [], []];
	let unchanged = 0;
	for (const entry of entries) {
		const placed = placeRecord(entry, catalogue, settings);
		if (placed.output === UNCHANGED) unchanged++;
		if (placed.item) outputs[placed.output].push(placed.item);
	}
	const missing = missingFromFeed(catalogue, settings);
	outputs[MISSING] = missing.items;

	if (settings.outputUnchanged === 'summary') {
		outputs[UNCHANGED].push({
			json: {
				summary: true,
				recordType: settings.recordType,
				records: entries.length,
				new: outputs[NEW].length,
				changed: outputs[CHANGED].length,
				unchanged,
				missingFromFeed: missing.items.length,
				...(missing.note ? { missingFromFeedNote: missing.note } : {}),
				spaazaRecords,
				readComplete: read.complete,
				...(reason ? { readProblem: reason } : {}),
				reads: read.reads.reduce((sum, one) => sum + one.requests, 0),
				indexBytes,
				seconds: Math.round((Date.now() - started) / 100) / 10,
			},
			pairedItem: { item: 0 },
		});
	}
	// Empty input: still one summary item is paired with item 0, which does not exist.
	if (items.length === 0)
		for (const output of outputs) for (const item of output) delete item.pairedItem;
	return outputs;
}
