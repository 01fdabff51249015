import type { Sandbox } from './index';

/** What `npm run sandbox` prints: where it listens, who can log in, how to point n8n at it. */
export function describeSandbox(sandbox: Sandbox): string {
	const { admin, twoFactorAdmin, readOnlyAdmin, token } = sandbox.logins;
	return [
		'Spaaza sandbox running (127.0.0.1 only)',
		`  Spaaza API:    ${sandbox.apiUrl}`,
		`  Services API:  ${sandbox.servicesUrl}`,
		`  Control:       ${sandbox.baseUrl}/_sandbox/state  (catalogue, stats, storage-requests, tasks; POST faults, inject, reset, expire-sessions, fail-next-tasks)`,
		'',
		`Chain id: ${sandbox.chainId}`,
		`  Admin (2FA exempt):  ${admin.username} / ${admin.password}  (user id ${admin.userId})`,
		`  Admin with 2FA:      ${twoFactorAdmin.username} / ${twoFactorAdmin.password}  passcode ${twoFactorAdmin.passcode}`,
		`  Read-only admin:     ${readOnlyAdmin.username} / ${readOnlyAdmin.password}  (no WRITE, no DELETE)`,
		`  Access token:        id ${token.id}  secret ${token.secret}  (Services API only)`,
		'',
		'Point an n8n "Spaaza API" credential at it: Environment = Custom,',
		`  API Base URL = ${sandbox.apiUrl}`,
		`  Services Base URL = ${sandbox.servicesUrl}`,
		`  Chain ID = ${sandbox.chainId}, and the admin login or the access token above.`,
		'',
		'Ctrl+C stops it.',
	].join('\n');
}
