import { downloadPresignedFile } from '../../../../nodes/shared/transport/request';
import { createTestContext } from './executeContext';
import { startFakeSpaaza, type FakeSpaaza, type Reply } from './fakeSpaaza';

let server: FakeSpaaza;
const SIGNATURE = 'X-Amz-Signature=deadbeefSECRET';

beforeEach(async () => (server = await startFakeSpaaza()));
afterEach(async () => await server.close());

const ctx = () =>
	createTestContext({
		environment: 'custom',
		chainId: 1,
		authentication: 'accessToken',
		accessTokenId: 'id',
		accessTokenSecret: 'tok-SECRET',
	}).ctx;

async function text(stream: NodeJS.ReadableStream): Promise<string> {
	let out = '';
	for await (const chunk of stream) out += chunk.toString();
	return out;
}

describe('downloadPresignedFile', () => {
	it('streams the file and sends no Spaaza credentials or headers', async () => {
		server.on('GET', '/bucket/Product_Export-123.csv', () => ({
			status: 200,
			raw: 'id,name\n1,Shirt\n',
			headers: { 'content-type': 'text/csv', 'content-length': '16' },
		}));
		const download = await downloadPresignedFile(
			ctx(),
			`${server.baseUrl}/bucket/Product_Export-123.csv?${SIGNATURE}`,
			{ timeoutMs: 5000 },
		);
		expect(await text(download.stream)).toBe('id,name\n1,Shirt\n');
		expect(download).toMatchObject({ statusCode: 200, contentType: 'text/csv', contentLength: 16 });
		const { headers, query } = server.requests[0];
		expect(query.get('X-Amz-Signature')).toBe('deadbeefSECRET');
		expect(headers.authorization).toBeUndefined();
		expect(Object.keys(headers).filter((h) => h.startsWith('x-spaaza'))).toEqual([]);
	});

	it.each<[string, Reply, string, RegExp]>([
		[
			'an expired signature',
			{
				status: 403,
				raw: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
			},
			'SPAAZA_URL_EXPIRED',
			/has expired/,
		],
		[
			'a missing file',
			{ status: 404, raw: '<Error><Code>NoSuchKey</Code></Error>' },
			'SPAAZA_DOWNLOAD_FAILED',
			/HTTP 404/,
		],
	])('reports %s without the signature', async (_, reply, code, message) => {
		server.on('GET', '/bucket/f.csv', () => reply);
		const error = (await downloadPresignedFile(
			ctx(),
			`${server.baseUrl}/bucket/f.csv?${SIGNATURE}`,
			{ itemIndex: 2 },
		).catch((e: unknown) => e)) as Error & {
			context: Record<string, unknown>;
		};
		expect(error.context).toMatchObject({ code, itemIndex: 2 });
		expect(error.message).toMatch(message);
		expect(JSON.stringify(error) + error.message).not.toContain('SECRET');
	});

	it('retries a 503 from storage', async () => {
		let calls = 0;
		server.on('GET', '/bucket/f.csv', () =>
			++calls === 1 ? { status: 503, raw: 'busy' } : { status: 200, raw: 'ok' },
		);
		const download = await downloadPresignedFile(ctx(), `${server.baseUrl}/bucket/f.csv`, {
			sleep: async () => undefined,
		});
		expect(await text(download.stream)).toBe('ok');
		expect(calls).toBe(2);
	});
});
