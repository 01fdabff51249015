import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	getSpaazaConnection,
	resolveConnection,
} from '../../../../nodes/spaaza/transport/connection';
import { workflowNode } from '../../../harness/workflowNode';
import { failureOf } from '../../../support/failure';

describe('resolveConnection', () => {
	it.each([
		['production', {}, 'https://api0.spaaza.com', 'https://services-prod.spaaza.com'],
		['staging', {}, 'https://apistage0.spaaza.com', 'https://services-test01.spaaza.com'],
		[
			'custom',
			{
				apiBaseUrl: ' http://127.0.0.1:4010/api/ ',
				servicesBaseUrl: 'http://127.0.0.1:4010/services//',
			},
			'http://127.0.0.1:4010/api',
			'http://127.0.0.1:4010/services',
		],
	])('resolves the %s base URLs', (environment, extra, api, services) => {
		const connection = resolveConnection({
			environment,
			chainId: 1764,
			authentication: 'adminLogin',
			...extra,
		});
		expect(connection).toEqual({
			apiBaseUrl: api,
			servicesBaseUrl: services,
			chainId: 1764,
			authentication: 'adminLogin',
			apiVersion: '1.6.3',
		});
	});

	it.each([
		['no chain', { environment: 'production', chainId: 0 }, /Chain ID/],
		['a fractional chain', { environment: 'production', chainId: 1.5 }, /Chain ID/],
		[
			'a custom URL without scheme',
			{
				environment: 'custom',
				chainId: 1,
				apiBaseUrl: 'api.example.com',
				servicesBaseUrl: 'http://x',
			},
			/API Base URL must be an http\(s\) URL/,
		],
		[
			'an unknown method',
			{ environment: 'production', chainId: 1, authentication: 'oauth' },
			/unknown authentication/,
		],
	])('rejects %s', (_, credentials, message) => {
		expect(() => resolveConnection(credentials)).toThrow(message);
	});
});

describe('getSpaazaConnection', () => {
	it('turns a bad credential into a NodeOperationError with SPAAZA_CREDENTIAL_INVALID and the item', async () => {
		const ctx = {
			getCredentials: async () => ({
				environment: 'custom',
				chainId: 1,
				apiBaseUrl: '',
				servicesBaseUrl: '',
			}),
			getNode: () => workflowNode('x', 'N'),
		} as unknown as IExecuteFunctions;
		const error = await failureOf(getSpaazaConnection(ctx, 4));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.context).toMatchObject({ code: 'SPAAZA_CREDENTIAL_INVALID', itemIndex: 4 });
	});
});
