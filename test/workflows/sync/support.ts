/**
 * A catalogue and a feed for the sync tests: 2,000 products and 4,000 variants in the sandbox; a
 * feed with 20 changed prices, 5 new and 7 missing records of each kind. And the workflow that
 * compares one kind and applies the plan (New + Changed → Upsert, Missing From Feed → Delete).
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';
import {
	runWorkflow,
	type RunOptions,
	type WorkflowJson,
	type WorkflowRunResult,
} from '../../harness';
import { sandboxCredentials } from '../../support/sandbox';

export const PRODUCTS = 2000;
/** Products without variants: the 7 left out of the product feed. */
const BARE_PRODUCTS = 7;
export const CHANGED = 20;
export const NEW = 5;
export const MISSING = 7;

const code = (n: number) => `P${String(n).padStart(4, '0')}`;
const variantCode = (product: number, suffix: string) => `${code(product)}-${suffix}`;

function product(n: number): IDataObject {
	return {
		owner_code: code(n),
		name: `Product ${n}`,
		price: '10.00',
		brand: 'ACME',
		is_promotional: false,
	};
}

function variant(n: number, suffix: string, index: number): IDataObject {
	return {
		product_owner_code: code(n),
		owner_code: variantCode(n, suffix),
		barcodes: [`0${String(index).padStart(8, '0')}`],
		price: '10.00',
		size: suffix,
	};
}

/**
 * 2,000 products; the last 7 have no variants. 4,000 variants: two per other product (3,986) and a
 * third for the first 14 products.
 */
export function catalogue(): { products: IDataObject[]; variants: IDataObject[] } {
	const products = Array.from({ length: PRODUCTS }, (_, n) => product(n));
	const variants: IDataObject[] = [];
	let index = 0;
	for (let n = 0; n < PRODUCTS - BARE_PRODUCTS; n++) {
		variants.push(variant(n, 'a', index++), variant(n, 'b', index++));
	}
	for (let n = 0; n < 14; n++) variants.push(variant(n, 'c', index++));
	return { products, variants };
}

export interface Feed {
	products: IDataObject[];
	variants: IDataObject[];
	changedProducts: string[];
	newProducts: string[];
	missingProducts: string[];
	changedVariants: string[];
	newVariants: string[];
	missingVariants: string[];
}

/**
 * The whole catalogue, as Parse would give it, with: products 100–119 and variants "-a" of
 * products 200–219 at 12.50; 5 new products N1–N5 with one new variant each; the 7 bare products
 * and the 7 variants "-c" of products 0–6 left out.
 */
export function feed(): Feed {
	const { products, variants } = catalogue();
	const changedProducts = products.slice(100, 100 + CHANGED).map((p) => p.owner_code as string);
	const changedVariants = Array.from({ length: CHANGED }, (_, i) => variantCode(200 + i, 'a'));
	const missingProducts = products
		.slice(PRODUCTS - BARE_PRODUCTS)
		.map((p) => p.owner_code as string);
	const missingVariants = Array.from({ length: MISSING }, (_, i) => variantCode(i, 'c'));
	const newProducts = Array.from({ length: NEW }, (_, i) => `N${i + 1}`);
	const newVariants = newProducts.map((owner) => `${owner}-a`);
	const feedProducts = products
		.filter((p) => !missingProducts.includes(p.owner_code as string))
		.map((p) => (changedProducts.includes(p.owner_code as string) ? { ...p, price: '12.50' } : p))
		.concat(
			newProducts.map((owner) => ({ owner_code: owner, name: `New ${owner}`, price: '5.00' })),
		);
	const feedVariants = variants
		.filter((v) => !missingVariants.includes(v.owner_code as string))
		.map((v) => (changedVariants.includes(v.owner_code as string) ? { ...v, price: '12.50' } : v))
		.concat(
			newProducts.map((owner, i) => ({
				product_owner_code: owner,
				owner_code: `${owner}-a`,
				barcodes: [`9${String(i).padStart(8, '0')}`],
				price: '5.00',
			})),
		);
	return {
		products: feedProducts,
		variants: feedVariants,
		changedProducts,
		newProducts,
		missingProducts,
		changedVariants,
		newVariants,
		missingVariants,
	};
}

export const COMPARE = 'Compare';
export const UPSERT = 'Upsert';
export const DELETE = 'Delete';
const RECORDS = 'Records';
const credentials = { spaazaApi: { id: '1', name: 'Spaaza sandbox' } };

export interface SyncSpec {
	recordType: 'products' | 'variants';
	/** The feed's records: row items, or one batch item `{ records }` as Parse's batches mode gives. */
	records: IDataObject[];
	batch?: boolean;
	compare?: INodeParameters;
	/** Apply the plan: New + Changed into the Upsert node, Missing From Feed into Delete Record. */
	apply?: boolean;
	delete?: INodeParameters;
}

/** Records → Compare Catalogue (→ Upsert, → Delete Record). */
export function syncWorkflow(spec: SyncSpec): WorkflowJson {
	const node = (name: string, type: string, parameters: INodeParameters, x: number): INode => ({
		id: `sync-${name}`,
		name,
		type,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		...(type.startsWith('n8n-nodes-spaaza') ? { credentials } : {}),
	});
	const items = spec.batch ? [{ fileSet: 'feed', records: spec.records }] : spec.records;
	const nodes: INode[] = [
		node('Start', 'test.manualTrigger', {}, 0),
		node(RECORDS, 'test.items', { items: JSON.stringify(items) }, 200),
		node(
			COMPARE,
			'n8n-nodes-spaaza.spaazaCompareCatalogue',
			{ recordType: spec.recordType, feedIsComplete: true, ...spec.compare },
			400,
		),
	];
	const connections: WorkflowJson['connections'] = {
		Start: { main: [[{ node: RECORDS, type: 'main', index: 0 }]] },
		[RECORDS]: { main: [[{ node: COMPARE, type: 'main', index: 0 }]] },
	};
	if (spec.apply) {
		const upsertType =
			spec.recordType === 'products'
				? 'n8n-nodes-spaaza.spaazaUpsertProduct'
				: 'n8n-nodes-spaaza.spaazaUpsertVariant';
		nodes.push(
			node(
				UPSERT,
				upsertType,
				{ mappingMode: 'auto', updateIfExists: true, options: { concurrency: 8 } },
				600,
			),
			node(
				DELETE,
				'n8n-nodes-spaaza.spaazaDeleteRecord',
				{ recordType: spec.recordType, recordId: '={{ $json.id }}', ...spec.delete },
				600,
			),
		);
		const upsert = [{ node: UPSERT, type: 'main', index: 0 }];
		connections[COMPARE] = {
			main: [upsert, upsert, [], [{ node: DELETE, type: 'main', index: 0 }]],
		};
	}
	return { nodes, connections, settings: { executionOrder: 'v1' } };
}

export async function runSync(
	sandbox: Sandbox,
	spec: SyncSpec,
	options: RunOptions = {},
): Promise<WorkflowRunResult> {
	return await runWorkflow(syncWorkflow(spec), {
		credentials: { spaazaApi: sandboxCredentials(sandbox) },
		timeoutMs: 120_000,
		...options,
	});
}

/** The owner codes of the items of one Compare output. */
export function ownerCodes(result: WorkflowRunResult, output: number): string[] {
	return result
		.json(COMPARE, output)
		.map((json) => String(json.owner_code))
		.sort();
}

/** Requests the sandbox answered for one `METHOD /path`. */
export function requests(sandbox: Sandbox, key: string): number {
	return sandbox.stats().requests[key] ?? 0;
}
