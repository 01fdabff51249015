/** What a sandbox route answers: envelope.ts builds it, server.ts sends it; its own module, so neither imports the other for it. */
export interface Reply {
	status: number;
	headers?: Record<string, string>;
	body: string | Buffer;
	/** Set by the catalogue write endpoints: which record was written and whether it was new. */
	write?: { created: boolean };
	/** Set on error answers: the Spaaza error code. */
	spaazaCode?: number;
}
