import type { VariantRecord } from './catalogue';
import type { SandboxCore } from './core';
import { addProduct, addProductVariant } from './catalogueWrites';
import { SANDBOX_ERRORS, SpaazaApiError, okReply } from './envelope';
import type { Reply } from './reply';
import type { RequestContext } from './http';
import { missing, readInteger, requireInteger } from './params';

const MAX_BARCODES_PER_LOOKUP = 50;

/**
 * The parameters Spaaza documents per endpoint (docs/spaaza-api.md §2–§4). Anything else is
 * ignored, as the docs say nothing of refusing it, and counted in `stats().undocumentedParams`
 * so tests can prove the nodes send only documented parameters.
 */
const DOCUMENTED_PARAMS: Record<string, readonly string[]> = {
	'POST /internal/add-product': [
		'chain_id',
		'owner_code',
		'name',
		'price',
		'description',
		'brand',
		'manufacturer',
		'private_label',
		'season',
		'category',
		'web_url',
		'image_url',
		'cost_price',
		'is_promotional',
		'unit',
		'update_if_exists',
	],
	'POST /internal/add-product-variant': [
		'chain_id',
		'product_id',
		'product_owner_code',
		'id',
		'owner_code',
		'barcodes',
		'update_if_exists',
		'name',
		'price',
		'cost_price',
		'colour',
		'size',
		'image_url',
		'web_url',
		'is_promotional',
	],
	'GET /internal/get-product': ['id', 'chain_id'],
	'GET /internal/get-product-variants': ['chain_id', 'barcodes', 'offset', 'limit'],
	// The delete pages document `id`; the sandbox also takes `chain_id` (README, lenient choices).
	'DELETE /internal/delete-product': ['id', 'chain_id'],
	'DELETE /internal/delete-product-variant': ['id', 'chain_id'],
	'DELETE /internal/delete-barcode': ['id', 'chain_id'],
};

function noteUndocumented(core: SandboxCore, ctx: RequestContext, endpoint: string): void {
	const documented = DOCUMENTED_PARAMS[endpoint];
	if (!documented) return;
	const names = Object.keys(ctx.params).filter((name) => !documented.includes(name));
	core.stats.undocumented(`${ctx.method} /api${ctx.path}`, names);
}

function unknownEndpoint(ctx: RequestContext, mount: string): SpaazaApiError {
	return new SpaazaApiError(
		SANDBOX_ERRORS.unknownEndpoint,
		`No endpoint ${ctx.method} ${mount}${ctx.path}`,
	);
}

function chainFor(
	core: SandboxCore,
	ctx: RequestContext,
	access: 'READ' | 'WRITE' | 'DELETE',
): number {
	const chainId = readInteger(ctx.params, 'chain_id');
	core.auth.requireAdmin(ctx.headers, chainId, access);
	if (chainId === undefined) throw missing('chain_id');
	return chainId;
}

/** Delete endpoints take only `id` (body or query) and act on the seeded chain. */
function deleteTarget(core: SandboxCore, ctx: RequestContext): { chainId: number; id: number } {
	const chainId = readInteger(ctx.params, 'chain_id') ?? core.chainId;
	core.auth.requireAdmin(ctx.headers, chainId, 'DELETE');
	return { chainId, id: requireInteger(ctx.params, 'id') };
}

function getProductVariants(core: SandboxCore, ctx: RequestContext): Reply {
	const chainId = chainFor(core, ctx, 'READ');
	const raw = ctx.params.barcodes;
	const barcodes =
		raw === undefined || raw === ''
			? undefined
			: (Array.isArray(raw) ? raw.map(String) : String(raw).split(','))
					.map((code) => code.trim())
					.filter(Boolean);
	if (barcodes && barcodes.length > MAX_BARCODES_PER_LOOKUP) {
		throw new SpaazaApiError(
			SANDBOX_ERRORS.invalidParameter,
			`At most ${MAX_BARCODES_PER_LOOKUP} barcodes per request (got ${barcodes.length})`,
		);
	}
	const offset = readInteger(ctx.params, 'offset') ?? 0;
	const limit = readInteger(ctx.params, 'limit') ?? 500;
	if (limit < 1 || limit > 500) {
		throw new SpaazaApiError(
			SANDBOX_ERRORS.invalidParameter,
			`Parameter limit must be between 1 and 500 (got ${limit})`,
		);
	}
	const { store } = core;
	const variantIds = barcodes
		? new Set(
				barcodes
					.map((code) => store.barcodeOwner(chainId, code)?.variantId)
					.filter((id) => id !== undefined),
			)
		: undefined;
	const page: VariantRecord[] = [];
	if (variantIds) {
		page.push(
			...[...variantIds]
				.map((id) => store.variants.get(id!)!)
				.filter((variant) => variant.chainId === chainId)
				.sort((a, b) => a.id - b.id)
				.slice(offset, offset + limit),
		);
	} else {
		// Variants are kept in the order of their ids (new ids only grow), so a page is a walk from
		// the start, not a sort of the whole catalogue per page.
		let skipped = 0;
		for (const variant of store.variants.values()) {
			if (variant.chainId !== chainId) continue;
			if (skipped++ < offset) continue;
			page.push(variant);
			if (page.length === limit) break;
		}
	}
	const variants = page.map((variant) => store.serializeVariant(variant));
	return okReply('get-product-variants', { product_variants: variants });
}

function deleteBarcode(core: SandboxCore, ctx: RequestContext): Reply {
	const chainId = readInteger(ctx.params, 'chain_id') ?? core.chainId;
	core.auth.requireAdmin(ctx.headers, chainId, 'DELETE');
	const raw = ctx.params.id;
	if (raw === undefined || raw === '') throw missing('id');
	if (!/^\d{1,10}$/.test(String(raw).trim())) {
		throw new SpaazaApiError(
			SANDBOX_ERRORS.barcodeIdInvalid,
			'The barcode id must be an integer 10 digits or less',
		);
	}
	const barcode = core.store.barcodes.get(Number(raw));
	if (!barcode || barcode.chainId !== chainId) {
		throw new SpaazaApiError(
			SANDBOX_ERRORS.barcodeIdNotFound,
			`Barcode with id ${raw} was not found`,
		);
	}
	const answer = core.store.serializeBarcode(barcode, true);
	core.store.removeBarcode(barcode);
	return okReply('delete-barcode', { barcode: answer });
}

/** The Spaaza API (docs/spaaza-api.md §1–§4), mounted at `/api`. */
export async function routeApi(core: SandboxCore, ctx: RequestContext): Promise<Reply> {
	const { store, auth, stats } = core;
	noteUndocumented(core, ctx, `${ctx.method} ${ctx.path}`);
	switch (`${ctx.method} ${ctx.path}`) {
		case 'POST /auth/login':
			return okReply('login', auth.login(ctx.params));
		case 'POST /auth/session':
			return okReply('session', auth.completeTwoFactor(ctx.params));
		case 'DELETE /auth/logout':
			auth.logout(ctx.headers);
			return okReply('logout', {});
		case 'POST /internal/add-product': {
			const { record, created } = addProduct(store, chainFor(core, ctx, 'WRITE'), ctx.params);
			stats.write('products', String(record.fields.owner_code), created);
			return {
				...okReply('add-product', { product: store.serializeProduct(record) }),
				write: { created },
			};
		}
		case 'POST /internal/add-product-variant': {
			const { record, created } = addProductVariant(
				store,
				chainFor(core, ctx, 'WRITE'),
				ctx.params,
			);
			stats.write('variants', String(record.fields.owner_code ?? `#${record.id}`), created);
			return {
				...okReply('add-product-variant', { product_variant: store.serializeVariant(record) }),
				write: { created },
			};
		}
		case 'GET /internal/get-product': {
			const chainId = chainFor(core, ctx, 'READ');
			const product = store.requireProduct(chainId, requireInteger(ctx.params, 'id'));
			const variants = store
				.variantsOf(product.id)
				.map((variant) => store.serializeVariant(variant));
			return okReply('get-product', { product: { ...store.serializeProduct(product), variants } });
		}
		case 'GET /internal/get-product-variants':
			return getProductVariants(core, ctx);
		case 'DELETE /internal/delete-product': {
			const { chainId, id } = deleteTarget(core, ctx);
			const product = store.requireProduct(chainId, id);
			const answer = store.serializeProduct(product, true);
			store.removeProduct(product);
			return okReply('delete-product', { product: answer });
		}
		case 'DELETE /internal/delete-product-variant': {
			const { chainId, id } = deleteTarget(core, ctx);
			const variant = store.variants.get(id);
			if (!variant || variant.chainId !== chainId) {
				throw new SpaazaApiError(
					SANDBOX_ERRORS.permissionDenied,
					`Product variant with id ${id} does not exist in chain ${chainId}`,
				);
			}
			const answer = store.serializeVariant(variant, true);
			store.removeVariant(variant);
			return okReply('delete-product-variant', { product_variant: answer });
		}
		case 'DELETE /internal/delete-barcode':
			return deleteBarcode(core, ctx);
		default:
			throw unknownEndpoint(ctx, '/api');
	}
}
