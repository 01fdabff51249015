import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { CatalogueProduct, Sandbox } from '../../../sandbox';
import {
	runWorkflow,
	type RunOptions,
	type WorkflowJson,
	type WorkflowRunResult,
} from '../../harness';
import { sandboxCredentials, type SandboxLogin } from '../../support/sandbox';

export const UPSERT_RECORDS = path.join(__dirname, '../../fixtures/workflows/upsert-records.json');
export const PRODUCT_RECORDS = 'Product Records';
export const VARIANT_RECORDS = 'Variant Records';
export const UPSERT_PRODUCT = 'Upsert Product';
export const UPSERT_VARIANT = 'Upsert Variant';

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface ImportRun {
	products?: unknown[];
	variants?: unknown[];
	credential?: SandboxLogin;
	/** Parameters by node name, merged over the fixture's. */
	parameters?: Record<string, INodeParameters>;
	/** On Error setting of both upsert nodes. */
	onError?: OnError;
	options?: RunOptions;
}

export function loadWorkflow(file: string, onError?: OnError): WorkflowJson {
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
	for (const node of workflow.nodes) {
		if (onError && node.type.startsWith('n8n-nodes-spaaza.spaazaUpsert')) node.onError = onError;
	}
	return workflow;
}

/** Runs the records workflow: product records into Upsert Product, then variant records into Upsert Variant. */
export async function runImport(
	sandbox: Sandbox,
	spec: ImportRun = {},
): Promise<WorkflowRunResult> {
	const parameters: Record<string, INodeParameters> = {
		[PRODUCT_RECORDS]: { items: JSON.stringify(spec.products ?? []) },
		[VARIANT_RECORDS]: { items: JSON.stringify(spec.variants ?? []) },
	};
	for (const [name, values] of Object.entries(spec.parameters ?? {}))
		parameters[name] = { ...parameters[name], ...values };
	return await runWorkflow(loadWorkflow(UPSERT_RECORDS, spec.onError), {
		credentials: { spaazaApi: sandboxCredentials(sandbox, spec.credential) },
		parameters,
		...spec.options,
	});
}

/** Spaaza API requests the sandbox answered, per endpoint. */
export function requestCount(
	sandbox: Sandbox,
	endpoint: 'add-product' | 'add-product-variant',
): number {
	return sandbox.stats().requests[`POST /api/internal/${endpoint}`] ?? 0;
}

/** Successful writes per owner_code, and whether any record was created more than once. */
export function writeCounts(sandbox: Sandbox): {
	products: Record<string, IDataObject>;
	variants: Record<string, IDataObject>;
} {
	return sandbox.stats().writes as unknown as {
		products: Record<string, IDataObject>;
		variants: Record<string, IDataObject>;
	};
}

const PRICE_FIELDS = new Set(['price', 'cost_price']);
const BOOLEAN_FIELDS = new Set(['is_promotional', 'private_label']);

/** A record value as the sandbox stores it (prices as numbers, booleans as booleans). */
function stored(field: string, value: unknown): unknown {
	if (PRICE_FIELDS.has(field)) return Number(value);
	if (BOOLEAN_FIELDS.has(field) && typeof value === 'string')
		return ['true', '1'].includes(value.toLowerCase());
	return value;
}

const NOT_STORED = new Set([
	'_source',
	'update_if_exists',
	'barcodes',
	'barcode',
	'product_owner_code',
	'product_variant_owner_code',
]);

/** Asserts that the sandbox holds exactly these products and variants, field for field. */
export function expectCatalogueToMatch(
	catalogue: CatalogueProduct[],
	products: IDataObject[],
	variants: IDataObject[],
): void {
	expect(catalogue.map((product) => product.owner_code).sort()).toEqual(
		products.map((p) => String(p.owner_code)).sort(),
	);
	for (const record of products) {
		const product = catalogue.find((candidate) => candidate.owner_code === record.owner_code)!;
		for (const [field, value] of Object.entries(record)) {
			if (NOT_STORED.has(field)) continue;
			expect({ owner_code: record.owner_code, field, value: product[field] }).toEqual({
				owner_code: record.owner_code,
				field,
				value: stored(field, value),
			});
		}
	}
	const stock = catalogue.flatMap((product) =>
		product.variants.map((variant) => ({ product, variant })),
	);
	expect(stock.map(({ variant }) => variant.owner_code).sort()).toEqual(
		variants.map((v) => String(v.owner_code)).sort(),
	);
	for (const record of variants) {
		const { product, variant } = stock.find(
			({ variant: candidate }) => candidate.owner_code === record.owner_code,
		)!;
		expect({ variant: record.owner_code, product: product.owner_code }).toEqual({
			variant: record.owner_code,
			product: record.product_owner_code,
		});
		expect({ variant: record.owner_code, barcodes: variant.barcodes }).toEqual({
			variant: record.owner_code,
			barcodes: record.barcodes,
		});
		for (const [field, value] of Object.entries(record)) {
			if (NOT_STORED.has(field) || field === 'owner_code') continue;
			expect({ variant: record.owner_code, field, value: variant[field] }).toEqual({
				variant: record.owner_code,
				field,
				value: stored(field, value),
			});
		}
	}
}

/** The catalogue without the fields that change on every write, to compare two runs. */
export function catalogueContent(sandbox: Sandbox): unknown {
	return JSON.parse(JSON.stringify(sandbox.catalogue()), (key, value: unknown) =>
		key === 'last_modified_date' ? undefined : value,
	);
}
