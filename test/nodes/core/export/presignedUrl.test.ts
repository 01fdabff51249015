import {
	ESTIMATED_URL_LIFETIME_MS,
	fileNameFromUrl,
	mimeTypeFor,
	urlExpiry,
} from '../../../../nodes/core/export/presignedUrl';

describe('urlExpiry', () => {
	const now = Date.UTC(2026, 4, 26, 12, 0, 0);

	it('reads expires=<unix seconds>', () => {
		const url =
			'http://127.0.0.1:1234/storage/exports/x/Product_Export-12.csv?expires=1779800400&signature=ab';
		expect(urlExpiry(url, now)).toEqual({
			expiresAt: '2026-05-26T13:00:00.000Z',
			estimated: false,
		});
	});

	it('reads S3 X-Amz-Date + X-Amz-Expires', () => {
		const url =
			'https://bucket.s3.eu-west-1.amazonaws.com/Wallet_Export-12345.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260526T120000Z&X-Amz-Expires=3600&X-Amz-Signature=f00';
		expect(urlExpiry(url, now)).toEqual({
			expiresAt: '2026-05-26T13:00:00.000Z',
			estimated: false,
		});
	});

	it('reads Google X-Goog-Date + X-Goog-Expires', () => {
		const url =
			'https://storage.googleapis.com/b/User_Export-1.csv?X-Goog-Date=20260526T110000Z&X-Goog-Expires=1800';
		expect(urlExpiry(url, now).expiresAt).toBe('2026-05-26T11:30:00.000Z');
	});

	it.each([
		'https://storage.example/Export-1.csv',
		'https://storage.example/Export-1.csv?X-Amz-Date=garbage&X-Amz-Expires=3600',
		'https://storage.example/Export-1.csv?expires=soon',
		'not a url',
	])('estimates one hour from now for %s', (url) => {
		expect(urlExpiry(url, now)).toEqual({
			expiresAt: new Date(now + ESTIMATED_URL_LIFETIME_MS).toISOString(),
			estimated: true,
		});
	});
});

describe('urlExpiry on values no date can hold', () => {
	it.each([
		'expires=99999999999999999',
		'expires=9999999999999',
		'X-Amz-Date=20260526T120000Z&X-Amz-Expires=99999999999999999999',
	])('%s is estimated, not a crash', (query) => {
		const now = Date.UTC(2026, 4, 26, 12);
		expect(urlExpiry(`https://s/f.csv?${query}`, now)).toEqual({
			expiresAt: '2026-05-26T13:00:00.000Z',
			estimated: true,
		});
	});
});

describe('fileNameFromUrl', () => {
	it.each([
		[
			'https://s/storage/exports/chain-1764/task-12/abc/Product_Export-12.csv?expires=1&signature=2',
			'Product_Export-12.csv',
		],
		['https://s/a/Product%20Export-12.json', 'Product Export-12.json'],
		['https://s/a/bad%E0%A4%A.csv', 'bad%E0%A4%A.csv'],
		['https://s/', 'Export-12'],
		['nonsense', 'Export-12'],
		// A plain base name: no path from %2F or %5C, no control characters, never `..`.
		['https://s/a/..%2F..%2F..%2Fetc%2Fpasswd.csv', 'passwd.csv'],
		['https://s/a/..%5C..%5Cwin.ini', 'win.ini'],
		['https://s/a/..%2F..', 'Export-12'],
		['https://s/a/evil%00name%0D%0AX-Injected:%201.csv', 'evilnameX-Injected: 1.csv'],
		['https://s/a/evil%00.csv%0D%0AX-Injected:%201', 'Export-12'],
		// Longer names are cut before the extension, so the file still opens as what it is.
		[`https://s/a/${'n'.repeat(300)}.csv`, `${'n'.repeat(196)}.csv`],
		// A last segment without an extension is a storage key, not a name.
		['https://s/storage/exports/chain-1764/task-12/514e25c1c17507fe?expires=1', 'Export-12'],
		['https://s/a/.csv', 'Export-12'],
	])('%s -> %s', (url, name) => {
		expect(fileNameFromUrl(url, 'Export-12')).toBe(name);
	});
});

describe('mimeTypeFor', () => {
	it('prefers the extension over a generic content type', () => {
		expect(mimeTypeFor('Product_Export-1.csv', 'application/octet-stream')).toBe('text/csv');
		expect(mimeTypeFor('Voucher_Export-1.json')).toBe('application/json');
		expect(mimeTypeFor('Export-1', 'text/plain; charset=utf-8')).toBe('text/plain');
		expect(mimeTypeFor('Export-1')).toBe('application/octet-stream');
	});
});
