import {
	MAX_WARNINGS,
	bodySnippet,
	parseSpaazaResponse,
} from '../../../../nodes/spaaza/transport/envelope';

describe('parseSpaazaResponse: success', () => {
	it('unwraps the Spaaza API envelope into results, with warnings', () => {
		const body = {
			result: { code: 1, status: 'ok' },
			results: { product: { id: 7 } },
			warnings: [{ code: 183, name: 'voucher_not_found', description: 'No voucher' }],
		};
		expect(parseSpaazaResponse(body, 'api')).toEqual({
			ok: true,
			data: { product: { id: 7 } },
			warnings: [{ code: 183, name: 'voucher_not_found', description: 'No voucher' }],
			warningCount: 1,
		});
	});

	it('reads at most MAX_WARNINGS warnings and counts them all', () => {
		const body = {
			result: { code: 1, status: 'ok' },
			results: {},
			warnings: Array.from({ length: 100_000 }, (_, i) => ({
				name: `w${i}`,
				description: 'x'.repeat(5_000),
			})),
		};
		const parsed = parseSpaazaResponse(body, 'api');
		expect(parsed).toMatchObject({ ok: true, warningCount: 100_000 });
		const warnings = (parsed as { warnings: Array<{ description: string }> }).warnings;
		expect(warnings).toHaveLength(MAX_WARNINGS);
		for (const warning of warnings) expect(warning.description.length).toBeLessThanOrEqual(1_001);
	});

	it.each([
		['an object', { id: 12 }, { id: 12 }],
		['a bare array', [{ id: 1 }], [{ id: 1 }]],
		['a JSON string body', '{"url":"https://x"}', { url: 'https://x' }],
		['an empty body', '', {}],
	])('returns Services API %s as is', (_, body, data) => {
		expect(parseSpaazaResponse(body, 'services')).toEqual({ ok: true, data });
	});
});

describe('parseSpaazaResponse: failures', () => {
	it.each([
		[
			'the current `error` object',
			{
				result: { code: 2, status: 'error' },
				error: {
					code: 5,
					name: 'password_error_or_non_existent',
					description: 'Gebruikersnaam / wachtwoord zijn onbekend',
				},
			},
			401,
			{
				spaazaErrorCode: 5,
				spaazaErrorName: 'password_error_or_non_existent',
				description: 'Gebruikersnaam / wachtwoord zijn onbekend',
			},
		],
		[
			'the older `errors` map',
			{
				result: { code: 2, status: 'error' },
				errors: { '68': { name: 'permission_denied_or_non_existent', description: 'No access' } },
			},
			500,
			{
				spaazaErrorCode: 68,
				spaazaErrorName: 'permission_denied_or_non_existent',
				description: 'No access',
			},
		],
		[
			'an error with details and extrainfo',
			{
				result: { status: 'error' },
				error: { code: '300', name: 'invalid_parameter_value', details: ['price: not a number'] },
			},
			400,
			{
				spaazaErrorCode: 300,
				spaazaErrorName: 'invalid_parameter_value',
				description: 'invalid_parameter_value',
				details: ['price: not a number'],
			},
		],
		[
			'result.code 0 (2014 clients)',
			{ result: { code: 0, description: 'Broken' } },
			200,
			{ description: 'Broken' },
		],
		['a plain message', { message: 'Task not found' }, 404, { description: 'Task not found' }],
		['JSON without any message', { foo: 1 }, 502, { description: 'Spaaza answered HTTP 502' }],
	])('reads %s', (_, body, status, expected) => {
		const result = parseSpaazaResponse(body, 'api', status);
		expect(result.ok).toBe(false);
		if (!result.ok)
			expect(result.failure).toEqual({ kind: 'api', httpStatus: status, ...expected });
	});

	it.each([
		[
			'an HTML page',
			'<html><title>502 Bad Gateway</title><body><center>nginx</center></body></html>',
			502,
			/not JSON: "502 Bad Gateway nginx"/,
		],
		['truncated JSON', '{"result":{"status":"ok"},"resu', 200, /not JSON/],
		['an empty error body', '', 503, /HTTP 503 with an empty body/],
		['a success without envelope', { id: 1 }, 200, /not a Spaaza API envelope/],
	])('reports %s as a bad response', (_, body, status, message) => {
		const result = parseSpaazaResponse(body, 'api', status);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.failure.kind).toBe('bad-response');
			expect(result.failure.description).toMatch(message);
		}
	});

	it('reads a Buffer body', () => {
		const result = parseSpaazaResponse(
			Buffer.from('{"result":{"status":"ok"},"results":{"a":1}}'),
			'api',
		);
		expect(result).toEqual({ ok: true, data: { a: 1 }, warnings: undefined });
	});
});

describe('bodySnippet', () => {
	it('drops tags, scripts and extra space and cuts long text', () => {
		expect(bodySnippet('<style>p{}</style><p>Hello\n   <b>world</b></p><script>x()</script>')).toBe(
			'Hello world',
		);
		expect(bodySnippet('x'.repeat(500))).toHaveLength(201);
	});
});

describe('server text is scrubbed before it is cut or stripped', () => {
	const secret = 'sk-SECRET-98b1aa04f6c2';

	it('a page that reached us already cut (a bounded read) does not end in the start of a secret', () => {
		// A 4 KB read of a page echoing the session header stops 9 characters into the key.
		const page = `<p>${'<i></i>'.repeat(30)}session=${secret.slice(0, 9)}`;
		const snippet = bodySnippet(page, [secret]);
		expect(snippet).toBe('session=[hidden]');
	});

	it('a snippet that starts with the end of a secret (a page cut by the server) loses it', () => {
		expect(bodySnippet(`<p>${secret.slice(-8)} sent</p>`, [secret])).toBe('[hidden] sent');
	});

	it('pieces shorter than 6 characters are left alone (they would blank ordinary words)', () => {
		expect(bodySnippet('session=sk-SE', [secret])).toBe('session=sk-SE');
	});
});
