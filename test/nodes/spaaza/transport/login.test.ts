import type { IHttpRequestOptions } from 'n8n-workflow';
import {
	formatSession,
	obtainSession,
	parseSession,
	resetSessionCache,
} from '../../../../nodes/spaaza/transport/login';

function fakeLogin() {
	let n = 0;
	const calls: IHttpRequestOptions[] = [];
	const httpRequest = async (options: IHttpRequestOptions) => {
		calls.push(options);
		n++;
		return {
			statusCode: 200,
			body: {
				result: { status: 'ok' },
				results: { session_info: { session_user_id: 7, session_key: `k${n}` } },
			},
		};
	};
	return { calls, httpRequest };
}

const input = { apiBaseUrl: 'http://spaaza.test', username: 'u', password: 'p' };

beforeEach(() => resetSessionCache());

describe('obtainSession', () => {
	it.each<[string, string, string, number]>([
		['a caller without a session logs in even when one is cached', '', '7:k3', 3],
		['a caller holding an older session from this process gets the newer one', '7:k1', '7:k2', 2],
		['a caller holding the newest session (now expired) logs in', '7:k2', '7:k3', 3],
		// Queue mode: another worker logged in (ending k1 and k2) and n8n stored its session in the
		// credential; when that one expires too, handing out k2 would fail again.
		['a caller holding a session from another process logs in', '7:w9', '7:k3', 3],
	])('%s', async (_, current, expected, logins) => {
		const { calls, httpRequest } = fakeLogin();
		expect(await obtainSession(httpRequest, input, '')).toBe('7:k1');
		expect(await obtainSession(httpRequest, input, '7:k1')).toBe('7:k2');
		expect(await obtainSession(httpRequest, input, current)).toBe(expected);
		expect(calls).toHaveLength(logins);
	});

	it('never shares a session between different passwords', async () => {
		const { calls, httpRequest } = fakeLogin();
		await obtainSession(httpRequest, input, '');
		expect(await obtainSession(httpRequest, { ...input, password: 'other' }, '7:k1')).toBe('7:k2');
		expect(calls).toHaveLength(2);
	});

	it('lets concurrent callers wait for the one running login', async () => {
		const { calls, httpRequest } = fakeLogin();
		const sessions = await Promise.all(
			[1, 2, 3, 4].map(async () => await obtainSession(httpRequest, input, '')),
		);
		expect(new Set(sessions)).toEqual(new Set(['7:k1']));
		expect(calls).toHaveLength(1);
	});
});

describe('session field', () => {
	it.each<[unknown, { userId: string; sessionKey: string } | undefined]>([
		['114521:abc', { userId: '114521', sessionKey: 'abc' }],
		['1:a:b', { userId: '1', sessionKey: 'a:b' }],
		['', undefined],
		[':abc', undefined],
		['12:', undefined],
		[undefined, undefined],
	])('parses %p', (value, expected) => {
		expect(parseSession(value)).toEqual(expected);
	});

	it('round-trips', () => {
		expect(parseSession(formatSession(9, 'key'))).toEqual({ userId: '9', sessionKey: 'key' });
	});
});
