import * as http from 'node:http';
import * as https from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { SandboxAuth, seededLogins } from './auth';
import { type CatalogueProduct, CatalogueStore } from './catalogue';
import { selfSignedCertificate } from './certificate';
import { resetCore, type SandboxCore } from './core';
import { FaultInjector } from './faults';
import { loadCatalogue } from './catalogueWrites';
import { addSampleCatalogue } from './sampleCatalogue';
import { createRequestHandler } from './server';
import { StatsRecorder } from './stats';
import { ExportStorage } from './storage';
import { type TaskObject, TaskStore } from './tasks';
import type {
	FaultKind,
	SandboxFaults,
	SandboxLogins,
	SandboxOptions,
	SandboxStats,
	SandboxWriteLog,
	StorageRequestRecord,
} from './types';

export type { CatalogueProduct, CatalogueVariant } from './catalogue';
export { SANDBOX_ERRORS } from './envelope';
export { checkWriteLog, type WriteLogSummary } from './writeLog';
export type { TaskLogEntry, TaskObject, TaskStateCode } from './tasks';
export type * from './types';

/** The port `npm run sandbox` and `npm start` use unless told otherwise. */
export const SANDBOX_DEFAULT_PORT = 8989;

export interface Sandbox {
	/** `http://127.0.0.1:PORT`, or `https://…` in HTTPS mode */
	readonly baseUrl: string;
	/** HTTPS mode: the sandbox's self-signed certificate (PEM), the one CA a client should trust. */
	readonly ca?: string;
	/** The Spaaza API: `${baseUrl}/api` (a credential's custom API URL). */
	readonly apiUrl: string;
	/** The Services API: `${baseUrl}/services` (a credential's custom Services URL). */
	readonly servicesUrl: string;
	readonly port: number;
	readonly chainId: number;
	readonly logins: SandboxLogins;
	close(): Promise<void>;
	/** Replaces the fault configuration (see SandboxFaults). */
	setFaults(faults: SandboxFaults): void;
	/** Injects `kind` into the next `count` faultable requests, before any rate applies. */
	injectNext(kind: FaultKind, count?: number): void;
	/** Every admin session becomes invalid now (clients must log in again). */
	expireSessions(): void;
	/** The next `count` task runs end in ERROR with a log line saying why. */
	failNextTasks(count?: number): void;
	catalogue(chainId?: number): CatalogueProduct[];
	/**
	 * Puts records into the catalogue as add-product / add-product-variant would (same checks, same
	 * rules), without a request and without counting in `stats()`: a large catalogue for a test or
	 * a bench in milliseconds, or a change "made by hand in Spaaza". Records need
	 * `update_if_exists: true` to change existing ones.
	 */
	load(records: { products?: object[]; variants?: object[] }, chainId?: number): void;
	stats(): SandboxStats;
	/** Every write request per record and what became of it (also `GET /_sandbox/write-log`). */
	writeLog(): SandboxWriteLog;
	storageRequests(): StorageRequestRecord[];
	tasks(): TaskObject[];
	/** Back to the just-started state: empty catalogue, no sessions or tasks, zero stats, initial faults. */
	reset(): void;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const chainId = options.chainId ?? 1764;
	const now = options.now ?? Date.now;
	const logins = seededLogins(chainId);
	const stats = new StatsRecorder();
	const store = new CatalogueStore(now);
	const storage = new ExportStorage(now, options.namedDownloadUrls ?? true);
	const pending = new Set<() => void>();
	const sleep = (ms: number) =>
		new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				pending.delete(done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			pending.add(done);
		});
	const taskRunMs = options.taskRunMs ?? 2000;
	let baseUrl = '';
	const core: SandboxCore = {
		chainId,
		logins,
		initialFaults: options.faults ?? {},
		taskRunMs,
		downloadUrlTtlSeconds: options.downloadUrlTtlSeconds ?? 3600,
		legacyErrors: options.legacyErrors ?? false,
		quiet: options.quiet ?? true,
		sampleCatalogue: options.sampleCatalogue ?? false,
		now,
		auth: new SandboxAuth(logins, options.sessionTtlSeconds ?? 336 * 3600, now),
		store,
		tasks: new TaskStore(store, storage, taskRunMs, now, sleep, options.exportColumns),
		storage,
		stats,
		faults: new FaultInjector(options.seed ?? 1, options.faults ?? {}, stats),
		baseUrl: () => baseUrl,
	};
	if (core.sampleCatalogue) addSampleCatalogue(store, chainId);
	const rttMs = options.network?.rttMs ?? 0;
	const certificate = options.https ? selfSignedCertificate() : undefined;
	const handler = createRequestHandler(core, sleep, rttMs);
	const server = certificate
		? https.createServer({ cert: certificate.cert, key: certificate.key }, handler)
		: http.createServer(handler);
	const handshakeMs = options.network?.handshakeDelayMs ?? rttMs * (certificate ? 2 : 1);
	const sockets = new Set<Socket>();
	const accept = (socket: Socket) => {
		stats.connectionOpened();
		sockets.add(socket);
		socket.once('close', () => {
			stats.connectionClosed();
			sockets.delete(socket);
		});
	};
	// The handshake delay: a TCP front holds each new connection before the HTTP(S) server sees
	// it; what the client sent meanwhile stays buffered in the socket.
	const front =
		handshakeMs > 0
			? createTcpServer((socket) => {
					accept(socket);
					void sleep(handshakeMs).then(() => {
						if (socket.destroyed) return;
						server.emit('connection', socket);
					});
				})
			: undefined;
	if (!front) server.on('connection', accept);
	const listener = front ?? server;
	await new Promise<void>((resolve, reject) => {
		listener.once('error', reject);
		listener.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (listener.address() as AddressInfo).port;
	baseUrl = `${certificate ? 'https' : 'http'}://127.0.0.1:${port}`;
	return {
		baseUrl,
		apiUrl: `${baseUrl}/api`,
		servicesUrl: `${baseUrl}/services`,
		...(certificate ? { ca: certificate.cert } : {}),
		port,
		chainId,
		logins,
		close: () =>
			new Promise<void>((resolve) => {
				for (const wake of [...pending]) wake();
				listener.close(() => resolve());
				if (front) server.close();
				server.closeAllConnections();
				for (const socket of sockets) socket.destroy();
			}),
		setFaults: (faults) => core.faults.set(faults),
		injectNext: (kind, count = 1) => core.faults.injectNext(kind, count),
		expireSessions: () => core.auth.expireAll(),
		failNextTasks: (count = 1) => core.tasks.failNext(count),
		catalogue: (id = chainId) => store.snapshot(id),
		load: (records, id = chainId) => loadCatalogue(store, id, records),
		stats: () => stats.snapshot(),
		writeLog: () => stats.writeLog(),
		storageRequests: () => storage.requests(),
		tasks: () => core.tasks.all(),
		reset: () => resetCore(core),
	};
}
