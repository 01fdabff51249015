/**
 * The "Sync a product file set" workflow (test/fixtures/workflows/local-disk/sync-file-set.json, the local-disk variant
 * of examples/sync-product-file-set.json) in real n8n against the sandbox: plan, apply only New +
 * Changed, delete Missing From Feed after the approval step, verify finds nothing left to do.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import { executionOrder, nodeOutput } from '../../tools/n8n/runOutput';
import { stageFiles } from '../../tools/n8n/session';
import { catalogue, feed } from '../workflows/sync/support';
import { describeE2e, useRealN8n } from './realN8n';

function csv(rows: IDataObject[], columns: string[]): string {
	const cell = (value: unknown) => (value === undefined || value === null ? '' : String(value));
	return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))]
		.join('\n')
		.concat('\n');
}

/**
 * A catalogue of 200 products and 400 variants (the workflow tests run 2,000 + 4,000 in n8n's
 * engine): `n8n execute` prints the whole run, and a run of megabytes can be cut off when n8n
 * exits before its output pipe has drained.
 */
const SIZE = 200;

/** The feed as a Spaaza file set: one variant row per barcode. */
function writeFileSet(dir: string): string[] {
	const { products, variants } = feed(SIZE);
	const productFile = path.join(dir, 'productlist_20261206_020000.csv');
	const variantFile = path.join(dir, 'variantlist_20261206_020000.csv');
	fs.writeFileSync(
		productFile,
		csv(products, ['owner_code', 'name', 'price', 'brand', 'is_promotional']),
	);
	const rows = variants.flatMap((variant) =>
		(variant.barcodes as string[]).map((barcode) => ({
			...variant,
			product_variant_owner_code: variant.owner_code,
			barcode,
		})),
	);
	fs.writeFileSync(
		variantFile,
		csv(rows, ['product_owner_code', 'product_variant_owner_code', 'barcode', 'price', 'size']),
	);
	return [productFile, variantFile];
}

/** `n8n execute --rawOutput` prints the run at info level (as tools/n8n/measuredInstance.js sets it). */
const LOG = { N8N_LOG_LEVEL: 'info' };

const codes = (items: IDataObject[]) => items.map((json) => String(json.owner_code)).sort();

describeE2e('the Sync a product file set workflow in real n8n', () => {
	const session = useRealN8n();

	it('plans, applies only the changes, deletes the missing records after approval and verifies', async () => {
		session.sandbox.load(catalogue(SIZE));
		const files = writeFileSet(fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-sync-')));
		const inbox = stageFiles(session.n8n, 'sync-inbox', files);
		const wanted = feed(SIZE);

		const { run, error } = await session.n8n.execute('e2eSyncFileSet', {
			SPAAZA_INBOX: inbox,
			...LOG,
		});

		expect(error).toBeUndefined();
		const plan = (kind: string, output: number) =>
			nodeOutput(run, `Plan: compare ${kind}`, output) as IDataObject[];
		expect(codes(plan('products', 0))).toEqual(wanted.newProducts);
		expect(codes(plan('products', 1))).toEqual(wanted.changedProducts);
		expect(plan('products', 1)[0].changes).toEqual({ price: { spaaza: '10', feed: '12.50' } });
		expect(codes(plan('products', 3))).toEqual(wanted.missingProducts);
		expect(codes(plan('variants', 0))).toEqual(wanted.newVariants);
		expect(codes(plan('variants', 1))).toEqual(wanted.changedVariants);
		expect(codes(plan('variants', 3))).toEqual(wanted.missingVariants);

		const requests = session.sandbox.stats().requests;
		expect(requests['POST /api/internal/add-product']).toBe(25);
		expect(requests['POST /api/internal/add-product-variant']).toBe(25);
		expect(requests['DELETE /api/internal/delete-product']).toBe(7);
		expect(requests['DELETE /api/internal/delete-product-variant']).toBe(7);
		expect(nodeOutput(run, 'Delete Products').map((json) => json.status)).toEqual(
			Array(7).fill('deleted'),
		);

		for (const kind of ['products', 'variants']) {
			expect(nodeOutput(run, `Verify: compare ${kind}`, 0)).toEqual([]);
			expect(nodeOutput(run, `Verify: compare ${kind}`, 1)).toEqual([]);
			expect(nodeOutput(run, `Verify: compare ${kind}`, 2)[0]).toMatchObject({
				summary: true,
				new: 0,
				changed: 0,
			});
		}
		const order = executionOrder(run);
		expect(order).not.toContain('Verify failed: products');
		expect(order.indexOf('Create or Update Products')).toBeLessThan(
			order.indexOf('Create or Update Variants'),
		);
		expect(order.indexOf('Create or Update Variants')).toBeLessThan(
			order.indexOf('Verify: compare variants'),
		);
		const held = session.sandbox.catalogue();
		expect(held).toHaveLength(SIZE - 7 + 5);
		expect(held.flatMap((product) => product.variants)).toHaveLength(2 * SIZE - 7 + 5);

		// The next night, the same file: nothing to send, nothing missing.
		const again = await session.n8n.execute('e2eSyncFileSet', {
			SPAAZA_INBOX: inbox,
			...LOG,
		});
		expect(again.error).toBeUndefined();
		for (const output of [0, 1, 3]) {
			expect(nodeOutput(again.run, 'Plan: compare products', output)).toEqual([]);
			expect(nodeOutput(again.run, 'Plan: compare variants', output)).toEqual([]);
		}
		expect(session.sandbox.stats().requests['POST /api/internal/add-product']).toBe(25);
	}, 300_000);
});
