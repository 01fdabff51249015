import { Credentials, getAdditionalKeys } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	deepCopy,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import type { HarnessCredentialTypes } from './nodeTypes';
import { workflowNode } from './workflowNode';

/** The credential types a helper knows: the harness's (package and fixtures), or a test's own. */
export type CredentialTypeSource = Pick<
	HarnessCredentialTypes,
	'getByName' | 'getParentTypes' | 'recognizes'
>;

/**
 * n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts) with the credential store
 * replaced by the data a test passes in, keyed by credential type. What a node sees is the same:
 * defaults applied and expressions resolved on every read, `authenticate` applied per request,
 * `preAuthentication` run when the expirable hidden field is empty or the server answered 401,
 * and its result stored so later reads in the run get it (n8n writes it to its database).
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** Every preAuthentication that refreshed the expirable field (a login), in order. */
	readonly preAuthentications: Array<{ type: string; expired: boolean }> = [];
	/** Decrypted reads of a credential (n8n's getCredentials), as real n8n's database reads. */
	decryptedReads = 0;

	private readonly store: Map<string, ICredentialDataDecryptedObject>;

	constructor(
		private readonly types: CredentialTypeSource,
		data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
		this.store = new Map(Object.entries(deepCopy(data)));
	}

	/** The stored credential data after the run (refreshed sessions included), by type. */
	snapshot(): Record<string, ICredentialDataDecryptedObject> {
		return deepCopy(Object.fromEntries(this.store));
	}

	getParentTypes(name: string): string[] {
		return this.types.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.types.recognizes(credentialType)) return true;
		const type = this.types.getByName(credentialType);
		return !type.restrictToSupportedNodes || (type.supportedNodes ?? []).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.types.getByName(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (authenticate?.type !== 'generic') return requestOptions;
		requestOptions.headers ??= {};
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
				const resolvedKey = this.resolveValue(key, credentials, workflow, node);
				target[outerKey] ??= {};
				target[outerKey][resolvedKey as string] = this.resolveValue(
					value,
					credentials,
					workflow,
					node,
				);
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.types.getByName(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof credentialType.preAuthentication !== 'function') {
			return undefined;
		}
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = await credentialType.preAuthentication.call(helpers, credentials);
		// n8n only stores (and returns) the result when it carries the expirable field; a credential
		// whose method needs no login returns nothing, and that is not counted either.
		if (output[expirable.name] === undefined) return undefined;
		this.preAuthentications.push({ type: typeName, expired: credentialsExpired });
		if (!node.credentials) return undefined;
		const refreshed = Object.assign(credentials, output);
		await this.updateCredentials(node.credentials[typeName], typeName, refreshed);
		return refreshed;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.types.getByName(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		this.preAuthentications.push({ type: typeName, expired: false });
		return (await preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const credentials = new Credentials(nodeCredentials, type);
		await credentials.setData(this.read(nodeCredentials, type));
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptedReads++;
		const stored = this.read(nodeCredentials, type);
		if (raw) return stored;
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (stored.oauthTokenData !== undefined) withDefaults.oauthTokenData = stored.oauthTokenData;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			try {
				return workflow.expression.getParameterValue(
					withDefaults as INodeParameters,
					runExecutionData,
					runIndex,
					itemIndex,
					node.name,
					connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					withDefaults,
				) as ICredentialDataDecryptedObject;
			} catch (error) {
				(error as Error).message += ' [Error resolving credentials]';
				throw error;
			}
		}
		const { workflow, node } = runlessWorkflow();
		return workflow.expression.getComplexParameterValue(
			node,
			withDefaults as INodeParameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, deepCopy(data));
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, { ...this.read(nodeCredentials, type), ...deepCopy(data) });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.types.getByName(type);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	private read(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): ICredentialDataDecryptedObject {
		const data = this.store.get(type);
		if (data === undefined) {
			throw new Error(
				`Credential with ID "${nodeCredentials?.id ?? ''}" does not exist for type "${type}" ` +
					`(pass runWorkflow(..., { credentials: { ${type}: {...} } }))`,
			);
		}
		// A copy per read, like a fresh decrypt from the database: nodes cannot mutate the store.
		return deepCopy(data);
	}

	private resolveValue(
		value: unknown,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow | undefined,
		node: INode | undefined,
	): unknown {
		if (typeof value !== 'string' || value.charAt(0) !== '=') return value;
		const context = workflow && node ? { workflow, node } : runlessWorkflow();
		const resolved = context.workflow.expression.getSimpleParameterValue(
			context.node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? resolved.toString() : '';
	}
}

/** The stand-in workflow n8n builds to resolve credential expressions outside a node run. */
function runlessWorkflow(): { workflow: Workflow; node: INode } {
	const node = workflowNode('mock', '', { id: 'mock' });
	const nodeTypes = {
		getByName: () => ({ description: { properties: [] } }),
		getByNameAndVersion: () => ({ description: { properties: [] } }),
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return { workflow, node };
}
