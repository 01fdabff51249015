export interface QueueServices {
	postgres: { port: number; env: Record<string, string>; query(sql: string): string[][]; queryAsync(sql: string): Promise<string[][]>; stop(): void };
	redis: { port: number; env: Record<string, string>; stop(): Promise<void> };
	/** DB_* and QUEUE_BULL_REDIS_* for n8n. */
	env: Record<string, string>;
	stop(): Promise<void>;
}
export function startQueueServices(): Promise<QueueServices>;
