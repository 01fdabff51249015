'use strict';
// n8n Cloud's smallest plan (README "Performance", "Memory on a small n8n Cloud plan"): a file set of
// N products and 3N variants (one barcode each) through Read files → Parse Spaaza File Set →
// Spaaza Upsert Product (concurrency 16) and Spaaza Upsert Variant (concurrency 16), in the real
// pinned n8n (`n8n execute`) with the heap capped at --max-old-space-size (default 320 MB), against
// the sandbox in its own process. Records for each size: whether the run finished, the peak heap,
// the heap still in use after each node (the probe collects garbage after each one) and the
// catalogue the sandbox ended with.
//
//   node bench/n8n-small-plan.js [--heap=320] [--products=10000,15000] [--mode=rows|batches]
//
// (run directly it compiles first, as `npm run bench` does, and uses the n8n that `npm run provision`
// installed; SPAAZA_N8N_RUNTIME_DIR points at another one).
const fs = require('node:fs');
const path = require('node:path');
const { DATA, log, MB, OUT } = require('./lib/common');
const { n8nRuntime, createInstance } = require('../tools/n8n/measuredInstance');
const { startRemoteSandbox } = require('./lib/remoteSandbox');
const { sandboxCredential } = require('./lib/spaaza');

const CREDENTIAL = { id: 'benchSmallPlan', name: 'Spaaza sandbox (admin login)' };
const FILE_SET = '20251201_090000';

/** `productlist_…csv` with `products` rows and `variantlist_…csv` with 3 variants per product, one barcode each. */
function writeFileSet(products) {
	const dir = path.join(DATA, `small-plan-${products}`);
	const productFile = path.join(dir, `productlist_${FILE_SET}.csv`);
	const variantFile = path.join(dir, `variantlist_${FILE_SET}.csv`);
	if (fs.existsSync(productFile) && fs.existsSync(variantFile)) return [productFile, variantFile];
	fs.mkdirSync(dir, { recursive: true });
	const productRows = ['owner_code,name,description,price,brand,category,unit,update_if_exists'];
	const variantRows = [
		'product_owner_code,product_variant_owner_code,barcode,name,price,colour,size,update_if_exists',
	];
	const sizes = ['S', 'M', 'L'];
	for (let i = 0; i < products; i++) {
		const code = `SP-${String(i).padStart(6, '0')}`;
		const price = (10 + (i % 90) + 0.95).toFixed(2);
		productRows.push(
			`${code},Small plan product ${i},A product of the small-plan set,${price},Brand ${i % 40},Clothing > Tops,item,true`,
		);
		for (let v = 0; v < 3; v++) {
			const barcode = String(8_700_000_000_000 + i * 3 + v);
			variantRows.push(
				`${code},${code}-${sizes[v]},${barcode},Small plan product ${i} ${sizes[v]},${price},Blue,${sizes[v]},true`,
			);
		}
	}
	fs.writeFileSync(productFile, `${productRows.join('\n')}\n`);
	fs.writeFileSync(variantFile, `${variantRows.join('\n')}\n`);
	return [productFile, variantFile];
}

/** Start → Read files → Parse; Parse's Products output → Upsert Product (above), Variants → Upsert Variant. */
function importWorkflow(id, glob, mode) {
	const node = (name, type, position, parameters, extra = {}) => ({
		id: `${id}-${name.replace(/\W/g, '')}`,
		name,
		type,
		typeVersion: type === 'n8n-nodes-base.readWriteFile' ? 1.1 : 1,
		position,
		parameters,
		...extra,
	});
	const upsert = (name, type, y) =>
		node(
			name,
			type,
			[660, y],
			{ mappingMode: 'auto', updateIfExists: true, options: { concurrency: 16 } },
			{ credentials: { spaazaApi: CREDENTIAL } },
		);
	const nodes = [
		node('Start', 'n8n-nodes-base.manualTrigger', [0, 0], {}),
		node('Read files', 'n8n-nodes-base.readWriteFile', [220, 0], {
			fileSelector: glob,
			options: {},
		}),
		node('Parse', 'n8n-nodes-spaaza.spaazaParseFileSet', [440, 0], {
			requireCompleteSets: false,
			outputMode: mode,
		}),
		upsert('Upsert Product', 'n8n-nodes-spaaza.spaazaUpsertProduct', -100),
		upsert('Upsert Variant', 'n8n-nodes-spaaza.spaazaUpsertVariant', 100),
	];
	const to = (name, index = 0) => ({ node: name, type: 'main', index });
	return {
		id,
		name: `Small plan (${mode})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: {
			Start: { main: [[to('Read files')]] },
			'Read files': { main: [[to('Parse')]] },
			Parse: { main: [[to('Upsert Product')], [to('Upsert Variant')], []] },
		},
	};
}

/** One set size: imports it in a fresh n8n whose heap is capped at `heapMb`. */
async function runSize(env, { products, heapMb, mode }) {
	const files = writeFileSet(products);
	const sandbox = await startRemoteSandbox({ seed: 11 });
	const instance = await createInstance(env, OUT, files);
	const id = `benchSmallPlan${mode}`;
	const started = Date.now();
	try {
		await instance.importCredentials([
			{ ...CREDENTIAL, type: 'spaazaApi', data: sandboxCredential(sandbox) },
		]);
		await instance.importWorkflows([
			importWorkflow(id, path.join(instance.filesDir, '*.csv'), mode),
		]);
		let probe;
		let failure;
		try {
			({ probe } = await instance.execute(id, {
				NODE_OPTIONS: `--max-old-space-size=${heapMb}`,
				// The probe must not parse the printed run inside the measured heap (tools/n8n/probe.js).
				SPAAZA_BENCH_PROBE_KEEP_HEAP: '1',
			}));
		} catch (error) {
			failure = /heap out of memory|Reached heap limit/i.test(error.message)
				? 'out of memory'
				: error.message.split('\n').slice(0, 3).join(' ');
		}
		const stats = await sandbox.stats();
		const written = {
			products: Object.keys(stats.writes.products).length,
			variants: Object.keys(stats.writes.variants).length,
		};
		const peakHeap = probe ? Math.max(...probe.samples.map(([, , heap]) => heap)) : undefined;
		const retained = probe
			? Object.fromEntries(
					Object.entries(probe.retainedAfter ?? {}).map(([name, r]) => [
						name,
						Math.round(r.heapUsed / MB),
					]),
				)
			: undefined;
		const landed = written.products === products && written.variants === products * 3;
		return {
			products,
			variants: products * 3,
			mode,
			heapMb,
			ok: !failure && landed,
			failure: failure ?? (landed ? undefined : 'not every record landed'),
			written,
			peakHeapMb: peakHeap === undefined ? undefined : Math.round(peakHeap / MB),
			retainedAfterMb: retained,
			seconds: (Date.now() - started) / 1000,
		};
	} finally {
		instance.close();
		await sandbox.close();
	}
}

/**
 * Runs `sizes` (products; variants are 3×) in order and returns each result; with `search`, keeps
 * adding `step` products after the last size that fit until one does not.
 */
async function smallPlanInN8n({ sizes = [10_000], heapMb = 320, mode = 'rows', search } = {}) {
	const { env, missing } = n8nRuntime();
	if (!env) return { skipped: missing };
	const runs = [];
	const report = (r) =>
		log(
			`    ${String(r.products).padStart(6)} products + ${String(r.variants).padStart(6)} variants, ${r.mode}, heap ${r.heapMb} MB: ${r.ok ? 'imported' : `FAILED (${r.failure})`}` +
				`${r.peakHeapMb ? `, peak heap ${r.peakHeapMb} MB` : ''}${r.retainedAfterMb ? `, heap after each node ${JSON.stringify(r.retainedAfterMb)} MB` : ''} (${r.seconds.toFixed(0)} s)`,
		);
	for (const products of sizes) {
		const r = await runSize(env, { products, heapMb, mode });
		report(r);
		runs.push(r);
	}
	if (search) {
		let products = Math.max(...runs.filter((r) => r.ok).map((r) => r.products), 0);
		while (products > 0 && products + search.step <= search.max) {
			products += search.step;
			const r = await runSize(env, { products, heapMb, mode });
			report(r);
			runs.push(r);
			if (!r.ok) break;
		}
	}
	const fitted = runs.filter((r) => r.ok).map((r) => r.products);
	return {
		n8nVersion: env.N8N_VERSION,
		heapMb,
		mode,
		runs,
		largestImported: fitted.length ? Math.max(...fitted) : 0,
	};
}

module.exports = { smallPlanInN8n, writeFileSet };

if (require.main === module) {
	const arg = (name, fallback) => {
		const found = process.argv.find((a) => a.startsWith(`--${name}=`));
		return found ? found.slice(name.length + 3) : fallback;
	};
	const { compile } = require('./lib/common');
	(async () => {
		// Never provisions: the runtime may be shared with other checkouts (npm run provision does it).
		compile();
		const step = Number(arg('step', 0));
		const result = await smallPlanInN8n({
			sizes: arg('products', '10000').split(',').map(Number),
			heapMb: Number(arg('heap', 320)),
			mode: arg('mode', 'rows'),
			...(step > 0 ? { search: { step, max: Number(arg('max', 200_000)) } } : {}),
		});
		console.log(JSON.stringify(result, null, 2));
	})().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
