import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { executionOrder, nodeOutput, type N8nRun } from '../../tools/n8n/runOutput';
import { emptyFolder, stageFiles } from '../../tools/n8n/session';
import { describeE2e, ROOT, useRealN8n } from './realN8n';

const SAMPLES = path.join(ROOT, 'samples');
const SAMPLE_SET = ['productlist_20251024_100000.csv', 'variantlist_20251024_100000.csv'].map(
	(name) => path.join(SAMPLES, name),
);
const MALFORMED = path.join(SAMPLES, 'malformed');

type Row = Record<string, string>;
type Json = Record<string, unknown>;

function readCsv(file: string): Row[] {
	return parse(fs.readFileSync(file), {
		columns: true,
		bom: true,
		skip_empty_lines: true,
	}) as Row[];
}

/** Timestamps move on every write; everything else must stay the same on an idempotent re-run. */
function withoutTimestamps(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutTimestamps);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value)
				.filter(([key]) => !/_date$/.test(key))
				.map(([key, inner]) => [key, withoutTimestamps(inner)]),
		);
	}
	return value;
}

const statuses = (results: Json[]) => [...new Set(results.map((result) => result.status))];

describeE2e('Spaaza import and export workflows in real n8n', () => {
	const session = useRealN8n();

	const importFiles = (folder: string, files: string[]) =>
		session.n8n.execute('e2eImportFileSet', {
			SPAAZA_INBOX: stageFiles(session.n8n, folder, files),
		});

	function expectProductsBeforeVariants(run: N8nRun) {
		const order = executionOrder(run);
		expect(order.indexOf('Upsert Products')).toBeLessThan(order.indexOf('Upsert Variants'));
		const [products] = run.data.resultData.runData['Upsert Products'];
		const [variants] = run.data.resultData.runData['Upsert Variants'];
		expect(variants.startTime).toBeGreaterThanOrEqual(products.startTime + products.executionTime);
	}

	it('imports the sample file set: every product, then every variant with its barcodes', async () => {
		const productRows = readCsv(SAMPLE_SET[0]);
		const variantRows = readCsv(SAMPLE_SET[1]);
		const variantCodes = [...new Set(variantRows.map((row) => row.product_variant_owner_code))];

		const { run, error } = await importFiles('sample-set', SAMPLE_SET);

		expect(error).toBeUndefined();
		expect(
			nodeOutput(run, 'Parse Spaaza File Set', 2).filter((issue) => issue.severity === 'error'),
		).toEqual([]);
		const productResults = nodeOutput(run, 'Upsert Products');
		const variantResults = nodeOutput(run, 'Upsert Variants');
		expect(productResults).toHaveLength(productRows.length);
		expect(statuses(productResults)).toEqual(['upserted']);
		expect(variantResults).toHaveLength(variantCodes.length);
		expect(statuses(variantResults)).toEqual(['upserted']);
		expectProductsBeforeVariants(run);

		const catalogue = session.sandbox.catalogue();
		expect(catalogue.map((product) => product.owner_code).sort()).toEqual(
			productRows.map((row) => row.owner_code).sort(),
		);
		const variants = catalogue.flatMap((product) => product.variants);
		expect(variants.map((variant) => variant.owner_code).sort()).toEqual([...variantCodes].sort());
		for (const variant of variants) {
			const barcodes = variantRows
				.filter((row) => row.product_variant_owner_code === variant.owner_code)
				.map((row) => row.barcode);
			expect(variant.barcodes).toEqual(barcodes);
		}
	});

	it('re-running the same file set updates in place and creates nothing new', async () => {
		const before = session.sandbox.catalogue();
		const logBefore = session.sandbox.writeLog();

		const { run, error } = await importFiles('sample-set-again', SAMPLE_SET);

		expect(error).toBeUndefined();
		expect(statuses(nodeOutput(run, 'Upsert Products'))).toEqual(['upserted']);
		expect(withoutTimestamps(session.sandbox.catalogue())).toEqual(withoutTimestamps(before));
		// Per record at the sandbox: the second run sent each record exactly once, as an update.
		const log = session.sandbox.writeLog();
		const secondRun = (kind: 'products' | 'variants') =>
			Object.fromEntries(
				Object.entries(log[kind]).map(([code, attempts]) => [
					code,
					attempts.slice(logBefore[kind][code]?.length ?? 0).map((a) => a.outcome),
				]),
			);
		const onceUpdated = (codes: string[]) =>
			Object.fromEntries(codes.map((code) => [code, ['updated']]));
		expect(secondRun('products')).toEqual(
			onceUpdated(before.map((product) => String(product.owner_code))),
		);
		expect(secondRun('variants')).toEqual(
			onceUpdated(
				before.flatMap((product) => product.variants).map((variant) => String(variant.owner_code)),
			),
		);
	});

	it('imports a variants-only update (a productlist with no rows) after the products it refers to exist', async () => {
		const [header, ...rows] = fs.readFileSync(SAMPLE_SET[1], 'utf8').trim().split('\n');
		const nameColumn = header.split(',').indexOf('name');
		const renamed = rows.slice(0, 2).map((row) =>
			row
				.split(',')
				.map((value, index) => (index === nameColumn ? `${value} (renamed)` : value))
				.join(','),
		);
		const inbox = emptyFolder(session.n8n, 'variants-only');
		fs.writeFileSync(
			path.join(inbox, 'productlist_20251101_100000.csv'),
			fs.readFileSync(SAMPLE_SET[0], 'utf8').split('\n')[0] + '\n',
		);
		fs.writeFileSync(
			path.join(inbox, 'variantlist_20251101_100000.csv'),
			[header, ...renamed].join('\n') + '\n',
		);

		const { run, error } = await session.n8n.execute('e2eImportFileSet', { SPAAZA_INBOX: inbox });

		expect(error).toBeUndefined();
		expect(statuses(nodeOutput(run, 'Upsert Variants'))).toEqual(['upserted']);
		const names = session.sandbox
			.catalogue()
			.flatMap((product) => product.variants)
			.filter((variant) => String(variant.name).endsWith('(renamed)'));
		expect(names).toHaveLength(renamed.length);
	});

	it('exports products and variants, downloads them without credentials, and they match the catalogue', async () => {
		const outbox = emptyFolder(session.n8n, 'exports');

		const { run, error } = await session.n8n.execute('e2eExportCatalogue', {
			SPAAZA_OUTBOX: outbox,
		});

		expect(error).toBeUndefined();
		expect(nodeOutput(run, 'Wait for products export')).toEqual([
			expect.objectContaining({ state: expect.objectContaining({ code: 'DONE' }) }),
		]);
		const files = fs.readdirSync(outbox);
		const productFile = files.find((name) => name.startsWith('Product_Export-'));
		const variantFile = files.find((name) => name.startsWith('Product_Variant_Export-'));
		expect(productFile).toBeDefined();
		expect(variantFile).toBeDefined();

		const catalogue = session.sandbox.catalogue();
		const exportedProducts = readCsv(path.join(outbox, productFile!));
		expect(exportedProducts.map((row) => [row.owner_code, row.name])).toEqual(
			expect.arrayContaining(catalogue.map((product) => [product.owner_code, product.name])),
		);
		expect(exportedProducts).toHaveLength(catalogue.length);
		const exportedVariants = readCsv(path.join(outbox, variantFile!));
		const variants = catalogue.flatMap((product) => product.variants);
		expect(exportedVariants.map((row) => row.owner_code).sort()).toEqual(
			variants.map((variant) => variant.owner_code).sort(),
		);

		const downloads = session.sandbox.storageRequests();
		expect(downloads.length).toBeGreaterThanOrEqual(2);
		for (const download of downloads) {
			expect(download.authorization).toBe(false);
			expect(download.spaazaHeaders).toEqual([]);
		}
	});

	it('reports a malformed file set on the Errors output and writes nothing that was rejected', async () => {
		session.sandbox.reset();
		const files = fs
			.readdirSync(MALFORMED)
			.filter((name) => name.endsWith('.csv'))
			.map((name) => path.join(MALFORMED, name));

		const { run, error } = await importFiles('malformed', files);

		expect(error).toBeUndefined();
		const issues = nodeOutput(run, 'Parse Spaaza File Set', 2);
		const errors = issues.filter((issue) => issue.severity === 'error');
		expect(errors.length).toBeGreaterThan(0);
		for (const issue of errors) {
			expect(issue.code).toMatch(/^SPAAZA_/);
			expect(typeof issue.message).toBe('string');
			expect(issue.file ?? issue.fileSet).toBeDefined();
		}

		// Only records Parse accepted may reach Spaaza, and none of them may come from a rejected line.
		const rejectedLines = new Set(
			errors.filter((issue) => issue.line).map((issue) => `${issue.file}:${issue.line}`),
		);
		const accepted = [
			...nodeOutput(run, 'Parse Spaaza File Set', 0),
			...nodeOutput(run, 'Parse Spaaza File Set', 1),
		];
		for (const record of accepted) {
			const source = record._source as { file: string; lines: number[] };
			for (const line of source.lines)
				expect(rejectedLines.has(`${source.file}:${line}`)).toBe(false);
		}
		// ...and every accepted product (and every accepted variant of one) did reach it.
		const catalogue = session.sandbox.catalogue();
		const acceptedProducts = nodeOutput(run, 'Parse Spaaza File Set', 0).map(
			(record) => record.owner_code,
		);
		expect(acceptedProducts.length).toBeGreaterThan(0);
		expect(catalogue.map((product) => product.owner_code).sort()).toEqual(
			[...acceptedProducts].sort(),
		);
		const acceptedVariants = nodeOutput(run, 'Parse Spaaza File Set', 1).filter((record) =>
			acceptedProducts.includes(record.product_owner_code),
		);
		expect(acceptedVariants.length).toBeGreaterThan(0);
		expect(
			catalogue
				.flatMap((product) => product.variants)
				.map((variant) => variant.owner_code)
				.sort(),
		).toEqual(acceptedVariants.map((record) => record.owner_code).sort());
	});
});
