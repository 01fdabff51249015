/**
 * Product records that name their product only by `id`. Spaaza's import file allows that, but
 * add-product has no `id` parameter and needs `owner_code` and `name` on every call
 * (docs/spaaza-api.md §2, §7.1). Such a record is resolved the documented way: get-product gives
 * the product's owner code and current name (docs/spaaza-api.md §4), and the record is sent by owner code with
 * update_if_exists=true. Each id is looked up once per run.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { SpaazaConnection } from '../transport/connection';
import { SPAAZA_CODES, SpaazaError } from '../../core/errors';
import { spaazaRequest, type SpaazaRetryTiming } from '../transport/request';
import { MAX_ANSWER_TEXT } from './answer';

export interface LookUpOptions {
	maxRetries: number;
	retryTiming?: SpaazaRetryTiming;
	connection?: SpaazaConnection;
	signal?: AbortSignal;
}

/** Whether a validated product record needs a look-up before it can be sent. */
export function namesProductById(record: IDataObject): boolean {
	return record.id !== undefined && record.id !== null;
}

export class ProductIdResolver {
	/** Per run: chain and id → the product's owner code and name. Failed look-ups stay failed. */
	private readonly cache = new Map<string, Promise<IDataObject>>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly options: LookUpOptions,
	) {}

	private async lookUp(
		itemIndex: number,
		chainId: number,
		id: unknown,
		subject: string,
	): Promise<IDataObject> {
		const key = `${chainId}\u0000${String(id)}`;
		let product = this.cache.get(key);
		if (!product) {
			product = spaazaRequest<IDataObject>(this.ctx, itemIndex, {
				api: 'api',
				method: 'GET',
				path: '/internal/get-product',
				qs: { id: String(id), chain_id: chainId },
				chainId,
				requireAdmin: true,
				maxRetries: this.options.maxRetries,
				abortSignal: this.options.signal,
				subject,
				retryTiming: this.options.retryTiming,
				connection: this.options.connection,
			}).then((results) => {
				// Kept for the run: only the two fields the write needs, never the answer itself.
				const found = results?.product as IDataObject | undefined;
				const kept: IDataObject = {};
				for (const field of ['owner_code', 'name'] as const) {
					const value = typeof found === 'object' && found !== null ? found[field] : undefined;
					if (typeof value === 'string' && value.length <= MAX_ANSWER_TEXT) kept[field] = value;
				}
				return kept;
			});
			// A rejection is read by every record that asks; this keeps it from counting as unhandled.
			product.catch(() => {});
			this.cache.set(key, product);
		}
		return await product;
	}

	/**
	 * The record as add-product takes it: `id` replaced by the product's owner code, the current name
	 * when the record has none, and update_if_exists=true (the id says the product exists).
	 */
	async resolve(
		itemIndex: number,
		chainId: number,
		record: IDataObject,
		subject: string,
	): Promise<IDataObject> {
		const { id, ...rest } = record;
		const product = await this.lookUp(itemIndex, chainId, id, subject);
		const ownerCode = product.owner_code;
		if (typeof ownerCode !== 'string' || ownerCode === '') {
			throw new SpaazaError(
				SPAAZA_CODES.BAD_RESPONSE,
				`Spaaza's get-product answer for ${subject} has no owner code, so the product cannot be updated`,
				{ itemIndex },
			);
		}
		if (rest.owner_code !== undefined && rest.owner_code !== ownerCode) {
			throw new SpaazaError(
				SPAAZA_CODES.INVALID_VALUE,
				`${subject.charAt(0).toUpperCase()}${subject.slice(1)} has owner code "${ownerCode}" in Spaaza, not "${String(rest.owner_code)}": ` +
					"Spaaza cannot change a product's owner code. Give the record only its id, or its current owner code",
				{ itemIndex },
			);
		}
		const name = rest.name ?? product.name;
		return {
			...rest,
			owner_code: ownerCode,
			...(name !== undefined && name !== null ? { name } : {}),
			update_if_exists: true,
		};
	}
}
