/**
 * spaazaRequest against the project's Spaaza sandbox over loopback: the real n8n-core request
 * path, the credential's login, and the sandbox's faults.
 */
import { mapWithConcurrency } from '../../../../nodes/spaaza/transport/pool';
import { resetSessionCache } from '../../../../nodes/spaaza/transport/login';
import { spaazaRequest } from '../../../../nodes/spaaza/transport/request';
import { createTestContext } from '../../../support/executeContext';
import { failureOf } from '../../../support/failure';
import { sandboxCredentials, useSandbox, type SandboxLogin } from '../../../support/sandbox';

const sandbox = useSandbox();

beforeEach(() => resetSessionCache());

const fast = { random: () => 0.01, sleep: async () => undefined };

function context(login: SandboxLogin, user = sandbox.logins.admin) {
	// The credential as stored: the fields n8n fills in from their defaults are given here.
	const stored = { apiVersion: '1.6.3', sessionToken: '' };
	const fields =
		login === 'admin' ? { ...stored, username: user.username, password: user.password } : stored;
	return createTestContext(sandboxCredentials(sandbox, login, fields)).ctx;
}

const upsert = (ctx: ReturnType<typeof context>, n: number) =>
	spaazaRequest<{ product: { owner_code: string } }>(ctx, n, {
		api: 'api',
		method: 'POST',
		path: '/internal/add-product',
		body: {
			chain_id: sandbox.chainId,
			owner_code: `P${n}`,
			name: `Product ${n}`,
			update_if_exists: true,
		},
		requireAdmin: true,
		subject: `product P${n}`,
		retryTiming: { ...fast, maxRetryAfterMs: 0 },
		maxRetries: 8,
	});

describe('spaazaRequest against the sandbox', () => {
	it('upserts with an admin login and reads back with the same session', async () => {
		const ctx = context('admin');
		await expect(upsert(ctx, 1)).resolves.toMatchObject({ product: { owner_code: 'P1' } });
		const variants = await spaazaRequest(ctx, 0, {
			api: 'api',
			method: 'GET',
			path: '/internal/get-product-variants',
			qs: { chain_id: sandbox.chainId, limit: 1 },
		});
		expect(variants).toHaveProperty('product_variants');
		expect(sandbox.stats().requests['POST /api/auth/login']).toBe(1);
	});

	it('lists tasks with the access token', async () => {
		const tasks = await spaazaRequest(context('token'), 0, {
			api: 'services',
			method: 'GET',
			path: '/tasks',
			qs: { limit: 1 },
		});
		expect(Array.isArray(tasks)).toBe(true);
	});

	it('stops a 2FA-challenged login with SPAAZA_2FA_REQUIRED', async () => {
		const error = await failureOf(upsert(context('admin', sandbox.logins.twoFactorAdmin), 1));
		expect(error.context.code).toBe('SPAAZA_2FA_REQUIRED');
	});

	it('lands every record exactly once under 429/503 faults, dropped connections and a session expiry', async () => {
		sandbox.setFaults({
			rates: { '429': 0.05, '503': 0.05, drop: 0.03 },
			retryAfterSeconds: 1,
			sessionExpiryAfterRequests: 15,
		});
		const ctx = context('admin');
		const results = await mapWithConcurrency(
			Array.from({ length: 40 }, (_, i) => i),
			4,
			async (n) => await upsert(ctx, n),
		);
		expect(results.map((r) => r.product.owner_code)).toEqual(
			Array.from({ length: 40 }, (_, i) => `P${i}`),
		);
		const { writes, faults, requests } = sandbox.stats();
		expect(Object.keys(writes.products)).toHaveLength(40);
		expect(Object.values(writes.products).every((w) => w.created === 1)).toBe(true);
		expect(faults['429'] + faults['503'] + faults.drop).toBeGreaterThan(0);
		// One login at the start, one after the expiry (plus any a faulted login needed).
		expect(requests['POST /api/auth/login']).toBeGreaterThanOrEqual(2);
		expect(requests['POST /api/auth/login']).toBeLessThanOrEqual(
			2 + faults['429'] + faults['503'] + faults.drop,
		);
	});
});
