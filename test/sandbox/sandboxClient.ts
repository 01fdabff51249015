import type { Sandbox } from '../../sandbox';

export interface ApiAnswer {
	status: number;
	headers: Headers;
	// Answers are inspected field by field in assertions; typing every endpoint's shape adds nothing there.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
	text: string;
}

async function answer(response: Response): Promise<ApiAnswer> {
	const text = await response.text();
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		body = undefined;
	}
	return { status: response.status, headers: response.headers, body, text };
}

export async function call(
	url: string,
	init: {
		method?: string;
		headers?: Record<string, string>;
		json?: unknown;
		form?: Record<string, string>;
	} = {},
): Promise<ApiAnswer> {
	const headers: Record<string, string> = { ...init.headers };
	let body: string | undefined;
	if (init.json !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(init.json);
	} else if (init.form) {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		body = new URLSearchParams(init.form).toString();
	}
	return answer(
		await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body }),
	);
}

/** Logs the seeded 2FA-exempt admin in and returns the admin headers. */
export async function adminHeaders(
	sandbox: Sandbox,
	which: 'admin' | 'readOnlyAdmin' = 'admin',
): Promise<Record<string, string>> {
	const { username, password } = sandbox.logins[which];
	const login = await call(`${sandbox.apiUrl}/auth/login`, { form: { username, password } });
	const info = login.body.results.session_info;
	return {
		'X-Spaaza-Session-User-Id': String(info.session_user_id),
		'X-Spaaza-Session-Key': info.session_key,
		'X-Spaaza-API-Version': '1.6.3',
	};
}

export function tokenHeaders(sandbox: Sandbox): Record<string, string> {
	return { Authorization: `Bearer ${sandbox.logins.token.id}:${sandbox.logins.token.secret}` };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A valid create-task body (docs/spaaza-api.md §5.2): a CSV product export of chain 1764 at `once`. */
export function exportTaskBody(
	once: string,
	target: Record<string, unknown> = {},
	trigger: Record<string, unknown> = {},
) {
	return {
		chain: 1764,
		desc: 'Full product export',
		target: { action: 'export', export_index: 'products', export_format: 'csv', ...target },
		trigger: { once, ...trigger },
	};
}
