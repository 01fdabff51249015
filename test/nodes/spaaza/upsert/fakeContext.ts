/**
 * An IExecuteFunctions for the upsert core without n8n or HTTP: parameters per item, and a
 * Spaaza stand-in behind httpRequestWithAuthentication that the test scripts record by record.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { workflowNode } from '../../../harness/workflowNode';

export type Params = Record<string, unknown | ((itemIndex: number) => unknown)>;

export interface SentRequest {
	url: string;
	body: IDataObject;
}

export interface FakeSpaaza {
	requests: SentRequest[];
	/** Most requests that were in flight at the same time. */
	maxInFlight: number;
}

export type Answer = (request: SentRequest) => Promise<unknown> | unknown;

export const ADMIN = {
	environment: 'custom',
	apiBaseUrl: 'http://spaaza.test/api',
	servicesBaseUrl: 'http://spaaza.test/services',
	chainId: 1764,
	authentication: 'adminSession',
	userId: '7',
	sessionKey: 'session-key-secret',
};

export const TOKEN = {
	...ADMIN,
	authentication: 'accessToken',
	accessTokenId: 'id',
	accessTokenSecret: 'token-secret',
};

/** Spaaza's success envelope with the record echoed back as the written object. */
export function echo(resultKey: 'product' | 'product_variant'): Answer {
	return ({ body }) => {
		const fields: IDataObject = { ...body };
		delete fields.chain_id;
		delete fields.update_if_exists;
		return {
			result: { code: 1, status: 'ok' },
			results: { [resultKey]: { id: 1, ...fields }, result_type: 'x' },
		};
	};
}

/** What n8n's HTTP helper throws for an error answer. */
export function httpError(status: number, data: unknown, headers: IDataObject = {}): Error {
	return Object.assign(new Error(`Request failed with status code ${status}`), {
		isAxiosError: true,
		response: { status, data, headers },
	});
}

export function spaazaError(
	status: number,
	code: number,
	name: string,
	description: string,
): Error {
	return httpError(status, {
		result: { code: 2, status: 'error' },
		error: { code, name, description },
	});
}

export interface FakeOptions {
	items: INodeExecutionData[];
	params?: Params;
	credentials?: IDataObject;
	continueOnFail?: boolean;
	onError?: INode['onError'];
	answer?: Answer;
}

export function fakeContext(options: FakeOptions): { ctx: IExecuteFunctions; spaaza: FakeSpaaza } {
	const params: Params = {
		mappingMode: 'auto',
		updateIfExists: true,
		chainId: 0,
		options: {},
		...options.params,
	};
	const spaaza: FakeSpaaza = { requests: [], maxInFlight: 0 };
	let inFlight = 0;
	const node = workflowNode('n8n-nodes-spaaza.spaazaUpsertProduct', 'Spaaza Upsert', {
		onError: options.onError,
	});
	const httpRequestWithAuthentication = async (_type: string, request: IHttpRequestOptions) => {
		const sent = { url: String(request.url), body: request.body as IDataObject };
		spaaza.requests.push(sent);
		inFlight++;
		spaaza.maxInFlight = Math.max(spaaza.maxInFlight, inFlight);
		try {
			return await (options.answer ?? echo('product'))(sent);
		} finally {
			inFlight--;
		}
	};
	const staticData: IDataObject = {};
	const ctx = {
		getInputData: () => options.items,
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async () => options.credentials ?? ADMIN,
		getExecutionCancelSignal: () => undefined,
		getExecutionId: () => 'fake-execution',
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = params[name];
			if (value === undefined) return fallback;
			return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
		},
		helpers: { httpRequestWithAuthentication },
		logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
	} as unknown as IExecuteFunctions;
	return { ctx, spaaza };
}

/** Lets a test hold answers back and release them. */
export function gate(): { wait: () => Promise<void>; open: () => void } {
	let open = () => {};
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { wait: async () => await opened, open };
}

export function rows(records: IDataObject[]): INodeExecutionData[] {
	return records.map((json) => ({ json }));
}
