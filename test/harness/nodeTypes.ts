import { existsSync } from 'node:fs';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import {
	NodeConnectionTypes,
	NodeHelpers,
	type ICredentialType,
	type ICredentialTypes,
	type IDataObject,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { FIXTURE_PACKAGE, fixtureCredentialTypes, fixtureNodeTypes } from '../fixtures';
import { ensureInstance } from './runtime';

export const PACKAGE_DIR = path.resolve(__dirname, '../..');

/** A file listed in package.json's `n8n` block that could not be loaded, and why. */
export interface UnloadedFile {
	file: string;
	reason: string;
}

export interface PackageTypes {
	packageName: string;
	/** Node names (after `<package>.`) that loaded from dist/. */
	nodes: string[];
	credentials: string[];
	unloaded: UnloadedFile[];
	loader: PackageDirectoryLoader;
}

const cache = new Map<string, PackageTypes>();

/**
 * Loads this package's nodes and credentials from dist/ the way n8n loads a community package
 * (n8n-core's PackageDirectoryLoader reading the package.json `n8n` block), except that files
 * not built yet are recorded instead of aborting the load: a workflow that uses one of them
 * fails with that reason when it runs.
 */
export function loadPackageNodeTypes(packageDir = PACKAGE_DIR): PackageTypes {
	const cached = cache.get(packageDir);
	if (cached) return cached;
	ensureInstance();
	const loader = new PackageDirectoryLoader(packageDir);
	const { n8n, version } = loader.packageJson;
	const unloaded: UnloadedFile[] = [];
	const tryLoad = (file: string, load: () => void) => {
		if (!existsSync(path.resolve(packageDir, file))) {
			unloaded.push({ file, reason: `${file} does not exist (run npm run build)` });
			return;
		}
		try {
			load();
		} catch (error) {
			unloaded.push({ file, reason: `${file} failed to load: ${(error as Error).message}` });
		}
	};
	for (const file of n8n?.nodes ?? []) tryLoad(file, () => loader.loadNodeFromFile(file, version));
	for (const file of n8n?.credentials ?? [])
		tryLoad(file, () => loader.loadCredentialFromFile(file));
	// What n8n does after loading a package: tells each credential which nodes use it.
	loader['inferSupportedNodes']();

	const types: PackageTypes = {
		packageName: loader.packageName,
		nodes: Object.keys(loader.nodeTypes),
		credentials: Object.keys(loader.credentialTypes),
		unloaded,
		loader,
	};
	cache.set(packageDir, types);
	return types;
}

/**
 * The "<node> Tool" variant n8n's loader adds for a node that sets usableAsTool: the same node
 * run as an AI agent's tool, with no main input and an AI tool output. n8n-core's
 * getInputConnectionData wraps such a node for the agent and runs its execute() on one item that
 * holds the agent's arguments.
 */
function asAiTool(type: INodeType | IVersionedNodeType): INodeType | undefined {
	if (!('execute' in type) || !type.execute || !type.description.usableAsTool) return undefined;
	const { description } = type;
	return {
		description: {
			...description,
			name: `${description.name}Tool`,
			displayName: `${description.displayName} Tool`,
			inputs: [],
			outputs: [NodeConnectionTypes.AiTool],
		},
		execute: type.execute,
	};
}

/** Every node type a harness run can use: the package's (`<package>.<name>`) and the fixtures'. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly nodes = new Map<string, INodeType | IVersionedNodeType>();

	constructor(private readonly pkg: PackageTypes) {
		for (const [name, { type }] of Object.entries(pkg.loader.nodeTypes)) {
			this.nodes.set(`${pkg.packageName}.${name}`, type);
			const tool = asAiTool(type);
			if (tool) this.nodes.set(`${pkg.packageName}.${name}Tool`, tool);
		}
		for (const node of fixtureNodeTypes()) {
			this.nodes.set(`${FIXTURE_PACKAGE}.${node.description.name}`, node);
		}
	}

	/** Why a node type cannot be used, or undefined when it can. */
	whyMissing(type: string): string | undefined {
		if (this.nodes.has(type)) return undefined;
		const [pkgName, name = ''] = type.split('.');
		if (pkgName === this.pkg.packageName) {
			const unloaded = this.pkg.unloaded.find(({ file }) =>
				path.basename(file).toLowerCase().startsWith(`${name.toLowerCase()}.`),
			);
			if (unloaded) return `Node type "${type}" is not loaded: ${unloaded.reason}`;
			return (
				`Node type "${type}" is not listed in package.json's n8n.nodes ` +
				`(loaded: ${this.pkg.nodes.join(', ') || 'none'})`
			);
		}
		return `Unknown node type "${type}" (known: ${[...this.nodes.keys()].join(', ')})`;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.nodes.get(nodeType);
		if (!type) throw new Error(this.whyMissing(nodeType));
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.nodes.keys()].map((name) => [name, {}]));
	}
}

/** Every credential type: the package's, then fixture ones whose names the package does not use. */
export class HarnessCredentialTypes implements ICredentialTypes {
	private readonly credentials = new Map<string, ICredentialType>();

	constructor(private readonly pkg: PackageTypes) {
		for (const [name, { type }] of Object.entries(pkg.loader.credentialTypes)) {
			this.credentials.set(name, type);
		}
		for (const credential of fixtureCredentialTypes()) {
			if (!this.credentials.has(credential.name)) this.credentials.set(credential.name, credential);
		}
	}

	recognizes(credentialType: string): boolean {
		return this.credentials.has(credentialType);
	}

	getByName(credentialType: string): ICredentialType {
		const type = this.credentials.get(credentialType);
		if (!type) {
			const unloaded = this.pkg.unloaded.map(({ reason }) => reason).join('; ');
			throw new Error(
				`Unknown credential type "${credentialType}"` + (unloaded ? ` (${unloaded})` : ''),
			);
		}
		return type;
	}

	getSupportedNodes(type: string): string[] {
		return this.credentials.get(type)?.supportedNodes ?? [];
	}

	getParentTypes(typeName: string): string[] {
		const parents = this.credentials.get(typeName)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}
}
