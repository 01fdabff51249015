/**
 * A stand-in for n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts, which is not in
 * node_modules) with the two methods n8n-core's httpRequestWithAuthentication calls. It mirrors
 * the CLI's rules so the real n8n-core request path runs in tests:
 *
 * - preAuthentication(helpers, credentials, type, node, expired): find the credential type's
 *   hidden property with typeOptions.expirable; if there is none, or the type has no
 *   preAuthentication, return undefined. Call the type's preAuthentication (with
 *   `this = helpers`) only when that field is '' or `expired` is true (or the node is the
 *   credential-test mock node: type n8n-nodes-base.noOp with parameters.temp === ''). If the output
 *   lacks the expirable field, return undefined (nothing is stored). Otherwise store the merged
 *   data (later getCredentials calls return it) and return Object.assign(credentials, output).
 * - authenticate(credentials, type, requestOptions): a function `authenticate` is called as is.
 *
 * n8n-core itself calls preAuthentication(expired=false) before every request and, when the
 * request throws with HTTP 401, preAuthentication(expired=true) once, then resends once.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';

export class CredentialStore {
	private data: ICredentialDataDecryptedObject;
	/** How often preAuthentication of the type actually ran (i.e. logins attempted). */
	preAuthCalls = 0;

	constructor(initial: ICredentialDataDecryptedObject) {
		this.data = { ...initial };
	}

	/** A fresh copy, like n8n's getCredentials (it decrypts from the database each time). */
	read(): ICredentialDataDecryptedObject {
		return { ...this.data };
	}

	write(data: ICredentialDataDecryptedObject): void {
		this.data = { ...data };
	}
}

export class StubCredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly store: CredentialStore,
	) {}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = this.types[typeName];
		if (typeof type?.authenticate !== 'function') {
			throw new Error(`The stub supports function authenticate only (${typeName})`);
		}
		return await type.authenticate(credentials, requestOptions);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		const expirable = type?.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!type || expirable === undefined || typeof type.preAuthentication !== 'function')
			return undefined;
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials)
			return undefined;
		this.store.preAuthCalls++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.store.write({ ...this.store.read(), ...output } as ICredentialDataDecryptedObject);
		return Object.assign(credentials, output) as ICredentialDataDecryptedObject;
	}
}
