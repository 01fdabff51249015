'use strict';
// A daily full feed in real n8n (docs/PERFORMANCE.md, "Sync"): Spaaza Compare Catalogue + Create or
// Update (only New + Changed) against Create or Update of everything (what a workflow without
// Compare does), measured in the same run against the sandbox (own process) with a fixed latency on
// every request. The catalogue is loaded into the sandbox before each run; the feed is a file set
// with 1% changed prices, 0.5% new and 0.5% missing records of each kind.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { log, OUT } = require('./lib/common');
const { n8nRuntime, createInstance } = require('../tools/n8n/measuredInstance');
const { startRemoteSandbox } = require('./lib/remoteSandbox');
const { sandboxCredential } = require('./lib/spaaza');

const CREDENTIAL = { id: 'benchSpaazaAdmin', name: 'Spaaza sandbox (admin login)' };
const VARIANTS_PER_PRODUCT = 3;
/** The sandbox's control endpoint takes bodies up to 20 MB: the catalogue goes in parts. */
const LOAD_PART = 20_000;

const pad = (n) => String(n).padStart(6, '0');

/**
 * The catalogue Spaaza holds and tomorrow's feed. Products P000000…, three variants each; the
 * feed changes the price of the first 1% of products and 1% of variants (other products), leaves
 * out the last 0.5% of products with their variants, and adds 0.5% new products with their variants.
 */
function dataset(products) {
	const catalogue = { products: [], variants: [] };
	for (let n = 0; n < products; n++) {
		catalogue.products.push({
			owner_code: `P${pad(n)}`,
			name: `Product ${n}`,
			price: '10.00',
			brand: 'ACME',
		});
		for (let v = 0; v < VARIANTS_PER_PRODUCT; v++)
			catalogue.variants.push({
				product_owner_code: `P${pad(n)}`,
				owner_code: `P${pad(n)}-${v}`,
				barcodes: [`8${pad(n)}${v}`],
				price: '10.00',
				size: `S${v}`,
			});
	}
	const changed = Math.round(products * 0.01);
	const fresh = Math.round(products * 0.005);
	const missing = Math.round(products * 0.005);
	const changedVariants = Math.round(products * VARIANTS_PER_PRODUCT * 0.01);
	const keep = products - missing;
	const feedProducts = catalogue.products
		.slice(0, keep)
		.map((p, n) => (n < changed ? { ...p, price: '12.50' } : p));
	// Variants of products after the changed ones get the new prices.
	const feedVariants = catalogue.variants
		.slice(0, keep * VARIANTS_PER_PRODUCT)
		.map((v, i) =>
			i >= changed * VARIANTS_PER_PRODUCT && i < changed * VARIANTS_PER_PRODUCT + changedVariants
				? { ...v, price: '12.50' }
				: v,
		);
	for (let n = 0; n < fresh; n++) {
		feedProducts.push({ owner_code: `N${pad(n)}`, name: `New ${n}`, price: '5.00', brand: 'ACME' });
		for (let v = 0; v < VARIANTS_PER_PRODUCT; v++)
			feedVariants.push({
				product_owner_code: `N${pad(n)}`,
				owner_code: `N${pad(n)}-${v}`,
				barcodes: [`9${pad(n)}${v}`],
				price: '5.00',
				size: `S${v}`,
			});
	}
	return {
		catalogue,
		feed: { products: feedProducts, variants: feedVariants },
		// What has to be written: the changed and the new records.
		toWrite: {
			products: changed + fresh,
			variants: changedVariants + fresh * VARIANTS_PER_PRODUCT,
		},
		missing: { products: missing, variants: missing * VARIANTS_PER_PRODUCT },
	};
}

function writeFileSet(dir, feed) {
	fs.mkdirSync(dir, { recursive: true });
	const product = (p) => [p.owner_code, p.name, p.price, p.brand].join(',');
	fs.writeFileSync(
		path.join(dir, 'productlist_20261206_020000.csv'),
		['owner_code,name,price,brand', ...feed.products.map(product), ''].join('\n'),
	);
	const variant = (v) =>
		[v.product_owner_code, v.owner_code, v.barcodes[0], v.price, v.size].join(',');
	fs.writeFileSync(
		path.join(dir, 'variantlist_20261206_020000.csv'),
		[
			'product_owner_code,product_variant_owner_code,barcode,price,size',
			...feed.variants.map(variant),
			'',
		].join('\n'),
	);
	return ['productlist', 'variantlist'].map((kind) =>
		path.join(dir, `${kind}_20261206_020000.csv`),
	);
}

function node(id, name, type, position, parameters, credentials) {
	return {
		id: `${id}-${name}`,
		name,
		type,
		typeVersion: 1,
		position,
		parameters,
		...(credentials ? { credentials: { spaazaApi: CREDENTIAL } } : {}),
	};
}

/** Start → Read file set → Parse (batches) → [Compare →] Create or Update, products above variants. */
function syncWorkflow(id, label, glob, compare, concurrency) {
	const options = { options: { concurrency } };
	const nodes = [
		node(id, 'Start', 'n8n-nodes-base.manualTrigger', [0, 0], {}),
		{
			...node(id, 'Read file', 'n8n-nodes-base.readWriteFile', [220, 0], {
				fileSelector: glob,
				options: {},
			}),
			typeVersion: 1.1,
		},
		node(id, 'Parse', 'n8n-nodes-spaaza.spaazaParseFileSet', [440, 0], {
			outputMode: 'batches',
			batchSize: 500,
		}),
		node(id, 'Upsert Products', 'n8n-nodes-spaaza.spaazaUpsertProduct', [880, 0], options, true),
		node(id, 'Upsert Variants', 'n8n-nodes-spaaza.spaazaUpsertVariant', [880, 300], options, true),
	];
	const to = (name) => [{ node: name, type: 'main', index: 0 }];
	const connections = {
		Start: { main: [to('Read file')] },
		'Read file': { main: [to('Parse')] },
	};
	if (compare) {
		for (const [kind, y] of [
			['products', 0],
			['variants', 300],
		]) {
			const name = `Compare ${kind}`;
			nodes.push(
				node(
					id,
					name,
					'n8n-nodes-spaaza.spaazaCompareCatalogue',
					[660, y],
					{
						recordType: kind,
						feedIsComplete: true,
						options: { concurrency },
					},
					true,
				),
			);
			const upsert = kind === 'products' ? 'Upsert Products' : 'Upsert Variants';
			connections[name] = { main: [to(upsert), to(upsert)] };
		}
		connections.Parse = { main: [to('Compare products'), to('Compare variants')] };
	} else {
		connections.Parse = { main: [to('Upsert Products'), to('Upsert Variants')] };
	}
	return { id, name: label, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

async function load(sandbox, catalogue) {
	const post = async (body) => {
		const response = await fetch(`${sandbox.baseUrl}/_sandbox/load`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`sandbox load: HTTP ${response.status}`);
	};
	for (let i = 0; i < catalogue.products.length; i += LOAD_PART)
		await post({ products: catalogue.products.slice(i, i + LOAD_PART) });
	for (let i = 0; i < catalogue.variants.length; i += LOAD_PART)
		await post({ variants: catalogue.variants.slice(i, i + LOAD_PART) });
}

/** Peak heap while the workflow's nodes ran, from the probe's 20 ms samples. */
function window(probe) {
	const tasks = Object.values(probe.nodes);
	const start = Math.min(...tasks.map((t) => t.startTime));
	const end = Math.max(...tasks.map((t) => t.startTime + t.executionTime));
	const during = probe.samples.filter(([t]) => t >= start && t <= end + 20);
	const before = probe.samples.filter(([t]) => t <= start).pop() ?? probe.samples[0];
	return {
		seconds: (end - start) / 1000,
		peakHeap: Math.max(before[2], ...during.map((s) => s[2])),
	};
}

/** Records the sandbox received more than one write request for, and what those requests met. */
async function repeatedWrites(sandbox) {
	const log = await sandbox.writeLog();
	let records = 0;
	let extra = 0;
	const examples = [];
	for (const [kind, byOwner] of Object.entries(log))
		for (const [owner, attempts] of Object.entries(byOwner)) {
			if (attempts.length < 2) continue;
			records++;
			extra += attempts.length - 1;
			if (examples.length < 5) examples.push({ kind, owner, attempts });
		}
	return { records, extra, examples };
}

function count(requests, predicate) {
	return Object.entries(requests)
		.filter(([key]) => predicate(key))
		.reduce((sum, [, n]) => sum + n, 0);
}

/**
 * Runs one sync workflow against the sandbox loaded with `catalogue` (every request answered after
 * `latencyMs`), logs what it sent, and resolves with its figures.
 */
async function runSyncVariant(instance, sandbox, variant, catalogue, latencyMs) {
	await sandbox.reset();
	await load(sandbox, catalogue);
	await sandbox.setFaults({ latencyMs });
	const { probe } = await instance.execute(variant.id);
	const { requests } = await sandbox.stats();
	const writes = count(requests, (key) => /^POST \/api\/internal\/add-product/.test(key));
	const reads = count(
		requests,
		(key) =>
			/^GET \/api\/internal\//.test(key) ||
			key.startsWith('GET /storage') ||
			/ \/services\//.test(key),
	);
	const { seconds, peakHeap } = window(probe);
	const repeated = await repeatedWrites(sandbox);
	const compare = probe.nodes['Compare products']
		? {
				products: probe.nodes['Compare products'].items,
				variants: probe.nodes['Compare variants'].items,
			}
		: undefined;
	log(
		`    ${variant.label.padEnd(48)} ${String(writes).padStart(6)} writes, ${String(reads).padStart(4)} reads, ${seconds.toFixed(1)} s, peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MB${compare ? `, Compare outputs products ${compare.products.join('/')} variants ${compare.variants.join('/')}` : ''}`,
	);
	if (repeated.records > 0)
		log(
			`      ${repeated.records} records written more than once (${repeated.extra} extra requests): ${JSON.stringify(repeated.examples)}`,
		);
	// Each node's own time, so the end-to-end figure can be read.
	const nodeSeconds = Object.fromEntries(
		Object.entries(probe.nodes).map(([name, task]) => [name, task.executionTime / 1000]),
	);
	log(
		`      ${Object.entries(nodeSeconds)
			.map(([name, s]) => `${name} ${s.toFixed(1)} s`)
			.join(', ')}`,
	);
	return {
		id: variant.id,
		label: variant.label,
		writes,
		reads,
		seconds,
		peakHeap,
		compare,
		nodeSeconds,
		requests,
		repeated,
	};
}

async function syncInN8n({ products, latencyMs, concurrency }) {
	const { env, missing } = n8nRuntime();
	if (!env) return { skipped: missing };
	const data = dataset(products);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spaaza-bench-sync-'));
	const files = writeFileSet(dir, data.feed);
	const sandbox = await startRemoteSandbox({ seed: 7, taskRunMs: 0 });
	const instance = await createInstance(env, OUT, files);
	try {
		await instance.importCredentials([
			{ ...CREDENTIAL, type: 'spaazaApi', data: sandboxCredential(sandbox) },
		]);
		const glob = path.join(instance.filesDir, '*.csv');
		const variants = [
			{
				id: 'benchSyncCompare',
				label: 'Compare + Create or Update (New + Changed)',
				compare: true,
			},
			{ id: 'benchSyncAll', label: 'Create or Update everything (no Compare)', compare: false },
		];
		await instance.importWorkflows(
			variants.map((v) => syncWorkflow(v.id, v.label, glob, v.compare, concurrency)),
		);
		const out = [];
		for (const variant of variants)
			out.push(await runSyncVariant(instance, sandbox, variant, data.catalogue, latencyMs));
		return {
			n8nVersion: env.N8N_VERSION,
			products,
			variants: products * VARIANTS_PER_PRODUCT,
			latencyMs,
			concurrency,
			toWrite: data.toWrite,
			missing: data.missing,
			runs: out,
		};
	} finally {
		instance.close();
		await sandbox.close();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { syncInN8n, dataset };
