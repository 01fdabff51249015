/**
 * The import workflow (Read Files → Parse Spaaza File Set → Upsert Product / Upsert Variant) and
 * the checks every reliability run makes on its outcome: one result per record, counts that add
 * up, and the sandbox catalogue equal to the file set, field for field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { CatalogueProduct } from '../../sandbox';
import type { WorkflowJson, WorkflowRunResult } from '../harness';
import type { ModelProduct, ModelVariant } from '../../sandbox/fileSets/modelSet';
import { expectedCatalogue, generateFileSet, type GeneratedFileSet } from '../../sandbox/fileSets';

export const PARSE = 'Parse Spaaza File Set';
export const UPSERT_PRODUCT = 'Upsert Product';
export const UPSERT_VARIANT = 'Upsert Variant';
export const READ_FILES = 'Read Files';

export interface ImportWorkflowOptions {
	files: string[];
	parse?: INodeParameters;
	upsertOptions?: IDataObject;
	/** Upsert nodes' Settings > On Error; failed records then come out as items with a reason. */
	onError?: 'stopWorkflow' | 'continueRegularOutput';
}

export function importWorkflow(options: ImportWorkflowOptions): WorkflowJson {
	const credentials = { spaazaApi: { id: '1', name: 'Spaaza sandbox' } };
	const upsert = (name: string, type: string, y: number) => ({
		id: name,
		name,
		type: `n8n-nodes-spaaza.${type}`,
		typeVersion: 1,
		position: [660, y] as [number, number],
		parameters: {
			mappingMode: 'auto',
			updateIfExists: true,
			options: (options.upsertOptions ?? {}) as INodeParameters,
		},
		credentials,
		...(options.onError ? { onError: options.onError } : {}),
	});
	return {
		id: 'reliability-import',
		name: 'reliability: import a file set',
		nodes: [
			{
				id: 'trigger',
				name: 'Trigger',
				type: 'test.manualTrigger',
				typeVersion: 1,
				position: [0, 100],
				parameters: {},
			},
			{
				id: 'read',
				name: READ_FILES,
				type: 'test.readFiles',
				typeVersion: 1,
				position: [220, 100],
				parameters: { filePaths: options.files.join('\n') },
			},
			{
				id: 'parse',
				name: PARSE,
				type: 'n8n-nodes-spaaza.spaazaParseFileSet',
				typeVersion: 1,
				position: [440, 100],
				parameters: { outputMode: 'rows', onInvalidRow: 'report', ...options.parse },
			},
			upsert(UPSERT_PRODUCT, 'spaazaUpsertProduct', 0),
			upsert(UPSERT_VARIANT, 'spaazaUpsertVariant', 200),
		],
		connections: {
			Trigger: { main: [[{ node: READ_FILES, type: 'main', index: 0 }]] },
			[READ_FILES]: { main: [[{ node: PARSE, type: 'main', index: 0 }]] },
			[PARSE]: {
				main: [
					[{ node: UPSERT_PRODUCT, type: 'main', index: 0 }],
					[{ node: UPSERT_VARIANT, type: 'main', index: 0 }],
					[],
				],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Every record result of an upsert node, from row items and from batch items alike. */
export function recordResults(result: WorkflowRunResult, node: string): IDataObject[] {
	if (result.runs(node).length === 0) return [];
	return result
		.json(node)
		.flatMap((json) => (Array.isArray(json.results) ? (json.results as IDataObject[]) : [json]));
}

/** Records Parse put out (rows or batches). */
export function parsedRecords(result: WorkflowRunResult, output: 0 | 1): IDataObject[] {
	if (result.runs(PARSE).length === 0) return [];
	return result
		.json(PARSE, output)
		.flatMap((json) => (Array.isArray(json.records) ? (json.records as IDataObject[]) : [json]));
}

/** Every record result of the two Upsert nodes, products first. */
export const upsertResults = (result: WorkflowRunResult): IDataObject[] => [
	...recordResults(result, UPSERT_PRODUCT),
	...recordResults(result, UPSERT_VARIANT),
];

/** How many records the two Upsert nodes returned with each status (`upserted`, `failed`...). */
export const upsertStatuses = (result: WorkflowRunResult): Record<string, number> =>
	countBy(upsertResults(result).map((r) => r.status));

/** Products and variants in a set: what a complete import of it upserts. */
export const recordCount = (set: GeneratedFileSet) => set.products.length + set.variants.length;

/** Differences between the sandbox catalogue and what importing `set` alone leaves there. */
export function differencesFrom(
	sandbox: { catalogue(): CatalogueProduct[] },
	set: GeneratedFileSet,
): string[] {
	const { products, variants } = expectedCatalogue(set);
	return catalogueDifferences(sandbox.catalogue(), products, variants);
}

export interface OlderAndNewerSets {
	/** The temp folder the sets are in, for a test's own files. */
	dir: string;
	older: GeneratedFileSet;
	/** The same products and variants, later, at other prices. */
	newer: GeneratedFileSet;
}

/**
 * Two sets of the same records, the newer at other prices, written to a temp folder when the test
 * file loads (they are small) and removed after its tests.
 */
export function useOlderAndNewerSets(
	options: Omit<Parameters<typeof generateFileSet>[1], 'fileSet' | 'priceOffset'> & {
		olderFileSet: string;
		newerFileSet: string;
		/** What the newer set adds to every price. */
		priceOffset: number;
	},
): OlderAndNewerSets {
	const { olderFileSet, newerFileSet, priceOffset, ...generate } = options;
	const dir = mkdtempSync(path.join(tmpdir(), 'spaaza-sets-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	return {
		dir,
		older: generateFileSet(path.join(dir, 'older'), { ...generate, fileSet: olderFileSet }),
		newer: generateFileSet(path.join(dir, 'newer'), {
			...generate,
			fileSet: newerFileSet,
			priceOffset,
		}),
	};
}

export function countBy(values: unknown[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
	return counts;
}

/** Owner codes that appear more than once. */
export function repeated(codes: unknown[]): string[] {
	return Object.entries(countBy(codes))
		.filter(([, n]) => n > 1)
		.map(([code]) => code);
}

const money = (value: unknown) =>
	value === undefined || value === null ? undefined : Math.round(Number(value) * 100);

/**
 * Differences between the sandbox catalogue and the model (empty when equal): missing and extra
 * products and variants, and every field that differs. Collected, not asserted one by one, so a
 * 5,000-record comparison stays fast and a failure lists everything at once.
 */
export function catalogueDifferences(
	catalogue: CatalogueProduct[],
	products: ModelProduct[],
	variants: ModelVariant[],
): string[] {
	const problems: string[] = [];
	const byCode = new Map(catalogue.map((product) => [product.owner_code, product]));
	const wanted = new Set(products.map((p) => p.owner_code));
	for (const code of byCode.keys()) if (!wanted.has(code)) problems.push(`extra product ${code}`);
	for (const model of products) {
		const product = byCode.get(model.owner_code);
		if (!product) {
			problems.push(`missing product ${model.owner_code}`);
			continue;
		}
		const checks: Array<[string, unknown, unknown]> = [
			['name', product.name, model.name],
			['description', product.description ?? undefined, model.description],
			['price', money(product.price), money(model.price)],
			['brand', product.brand ?? undefined, model.brand],
			['category', product.category, model.category],
			['is_promotional', product.is_promotional, model.is_promotional],
		];
		for (const [field, got, want] of checks) {
			if (got !== want)
				problems.push(
					`product ${model.owner_code} ${field}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`,
				);
		}
	}
	const stock = new Map(
		catalogue.flatMap((product) =>
			product.variants.map(
				(variant) => [String(variant.owner_code), { product, variant }] as const,
			),
		),
	);
	const wantedVariants = new Set(variants.map((v) => v.owner_code));
	for (const code of stock.keys())
		if (!wantedVariants.has(code)) problems.push(`extra variant ${code}`);
	for (const model of variants) {
		const found = stock.get(model.owner_code);
		if (!found) {
			problems.push(`missing variant ${model.owner_code}`);
			continue;
		}
		const { product, variant } = found;
		const checks: Array<[string, unknown, unknown]> = [
			['product', product.owner_code, model.product_owner_code],
			['barcodes', JSON.stringify(variant.barcodes), JSON.stringify(model.barcodes)],
			['colour', variant.colour, model.colour],
			['size', variant.size, model.size],
			['price', money(variant.price), money(model.price)],
		];
		for (const [field, got, want] of checks) {
			if (got !== want)
				problems.push(
					`variant ${model.owner_code} ${field}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`,
				);
		}
	}
	return problems;
}

/** Barcodes held by more than one variant of the catalogue. */
export function duplicatedBarcodes(catalogue: CatalogueProduct[]): string[] {
	return repeated(
		catalogue.flatMap((product) => product.variants.flatMap((variant) => variant.barcodes)),
	);
}
