// @ts-check
'use strict';
// The two "Spaaza API" credentials the local workflows use, pointed at a running sandbox. Ids are
// fixed because the workflow JSON refers to them; the names say what each one is for.
const ADMIN_CREDENTIAL = {
	id: 'spaazaSandboxAdmin',
	name: 'Spaaza sandbox: admin login (imports and exports)',
};
const TOKEN_CREDENTIAL = {
	id: 'spaazaSandboxToken',
	name: 'Spaaza sandbox: exports only (access token)',
};

/**
 * A started sandbox, or its description: what the e2e runs need of it.
 * @typedef {{ apiUrl: string; servicesUrl: string; chainId: number; logins: { admin: { username: string; password: string }; token: { id: string; secret: string } } }} SandboxDescription
 */

/**
 * The fields of a "Spaaza API" credential pointed at a running sandbox: `admin` the Admin Login
 * method with its seeded admin user, `token` the Access Token method with its seeded token.
 * @param {SandboxDescription} sandbox
 * @param {'admin' | 'token'} login
 * @returns {Record<string, string | number>}
 */
function sandboxCredentialData(sandbox, login) {
	const { admin, token } = sandbox.logins;
	return {
		environment: 'custom',
		apiBaseUrl: sandbox.apiUrl,
		servicesBaseUrl: sandbox.servicesUrl,
		chainId: sandbox.chainId,
		...(login === 'token'
			? { authentication: 'accessToken', accessTokenId: token.id, accessTokenSecret: token.secret }
			: { authentication: 'adminLogin', username: admin.username, password: admin.password }),
	};
}

/**
 * The two "Spaaza API" credentials the local workflows use, pointed at a running sandbox.
 * @param {SandboxDescription} sandbox
 * @returns {Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>}
 */
function sandboxCredentials(sandbox) {
	return [
		{ ...ADMIN_CREDENTIAL, type: 'spaazaApi', data: sandboxCredentialData(sandbox, 'admin') },
		{ ...TOKEN_CREDENTIAL, type: 'spaazaApi', data: sandboxCredentialData(sandbox, 'token') },
	];
}

module.exports = { ADMIN_CREDENTIAL, TOKEN_CREDENTIAL, sandboxCredentialData, sandboxCredentials };
