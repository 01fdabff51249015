import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { resolveBaseUrls } from '../nodes/spaaza/transport/connection';
import { applySpaazaCredential, SESSION_TOKEN_FIELD } from '../nodes/spaaza/transport/authenticate';
import { DEFAULT_API_VERSION, SPAAZA_ENVIRONMENTS } from '../nodes/spaaza/transport/constants';
import { preAuthenticate } from '../nodes/spaaza/transport/login';

const show = (authentication: string) => ({ show: { authentication: [authentication] } });

/** Expression code for the environment's base URL, or the custom one. */
function baseUrlCode(key: 'apiBaseUrl' | 'servicesBaseUrl'): string {
	const { production, staging } = SPAAZA_ENVIRONMENTS;
	return (
		`($credentials.environment === 'production' ? '${production[key]}' : ` +
		`$credentials.environment === 'staging' ? '${staging[key]}' : $credentials.${key})`
	);
}

const isToken = `$credentials.authentication === 'accessToken'`;

export class SpaazaApi implements ICredentialType {
	name = 'spaazaApi';

	displayName = 'Spaaza API';

	icon: Icon = { light: 'file:../icons/spaaza.svg', dark: 'file:../icons/spaaza.dark.svg' };

	// A page, not a README #anchor: n8n appends ?utm_… to documentation links, after any #fragment.
	documentationUrl =
		'https://github.com/spaaza/n8n-nodes-spaaza/blob/main/docs/credential-spaaza-api.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: 'api0.spaaza.com and services-prod.spaaza.com',
				},
				{
					name: 'Staging',
					value: 'staging',
					description: 'apistage0.spaaza.com and services-test01.spaaza.com',
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'Your own base URLs, e.g. the local Spaaza sandbox',
				},
			],
			default: 'production',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8989/api',
			description:
				'Base URL of the Spaaza API (login, products and variants), without a trailing slash',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Services API Base URL',
			name: 'servicesBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8989/services',
			description: 'Base URL of the Spaaza Services API (export tasks), without a trailing slash',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Chain ID',
			name: 'chainId',
			type: 'number',
			required: true,
			// Empty, not 0 (no chain has that number): n8n marks the field as still to be filled in.
			default: '',
			placeholder: 'e.g. 1764',
			description:
				'The number of your retail chain in Spaaza. Every Spaaza node works on this chain unless the node names another.',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Access Token',
					value: 'accessToken',
					description:
						'A privileged token issued by Spaaza. Export tasks only: Spaaza refuses tokens for creating or updating products.',
				},
				{
					name: 'Admin Login',
					value: 'adminLogin',
					description:
						'Username and password of a 2FA-exempt admin user; n8n logs in and renews the session itself',
				},
				{
					name: 'Admin Session',
					value: 'adminSession',
					description:
						'A user ID and session key you obtained yourself; replace them when the session expires',
				},
			],
			default: 'adminLogin',
		},
		{
			displayName: 'Access Token ID',
			name: 'accessTokenId',
			type: 'string',
			default: '',
			displayOptions: show('accessToken'),
		},
		{
			displayName: 'Access Token Secret',
			name: 'accessTokenSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: show('accessToken'),
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description:
				'An admin user with WRITE access to the chain. Spaaza keeps one session per user, so give n8n its own user.',
			displayOptions: show('adminLogin'),
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: show('adminLogin'),
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			description: 'The user ID Spaaza gave you when you signed in as an admin',
			displayOptions: show('adminSession'),
		},
		// The rule guesses from the name; a session key is as secret as a password.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Session Key',
			name: 'sessionKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The session key Spaaza gave you with that user ID',
			displayOptions: show('adminSession'),
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: DEFAULT_API_VERSION,
			description:
				'The version of the Spaaza API to use. Leave it as it is unless Spaaza asks you to change it.',
		},
		{
			// Filled by preAuthentication with "<user id>:<session key>"; renewed when Spaaza answers 401.
			displayName: 'Session Token',
			name: SESSION_TOKEN_FIELD,
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** Logs in for "Admin Login"; n8n calls it when the session is empty, expired (HTTP 401) or tested. */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const needsLogin = credentials.authentication === 'adminLogin';
		const { apiBaseUrl } = needsLogin ? resolveBaseUrls(credentials) : { apiBaseUrl: '' };
		return await preAuthenticate(
			async (options) => await this.helpers.httpRequest(options),
			credentials,
			apiBaseUrl,
		);
	}

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> =>
		await Promise.resolve(applySpaazaCredential(credentials, requestOptions));

	// Tokens are for the Services API only (tasks); admin methods are checked where upserts go, with
	// READ access to the chain (docs/spaaza-api.md §1.4, §4).
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			baseURL: `={{ ${isToken} ? ${baseUrlCode('servicesBaseUrl')} : ${baseUrlCode('apiBaseUrl')} }}`,
			url: `={{ ${isToken} ? '/tasks?limit=1' : '/internal/get-product-variants?limit=1&chain_id=' + $credentials.chainId }}`,
			// A redirect would carry the token or session headers to wherever it points; the nodes
			// refuse redirects too, so a redirecting base URL fails the test as it would fail a run.
			disableFollowRedirect: true,
		},
		// Without these n8n shows only the HTTP status text ("Unauthorized"). Admin Login never gets
		// here with a wrong password: its login fails first with its own message.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Spaaza did not accept these credentials (HTTP 401). Access Token: check the Access Token ID and Secret and that the token was issued for this environment. Admin Session: the session key has expired or does not belong to this User ID; sign in again and paste the new values, or use Admin Login.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Spaaza accepted the credentials but refused access to this chain (HTTP 403). Check the Chain ID and that this user or token has access to that chain.',
				},
			},
		],
	};
}
