import type { SandboxDescription } from './session';

export const ADMIN_CREDENTIAL: { id: string; name: string };
export const TOKEN_CREDENTIAL: { id: string; name: string };
/** The two "Spaaza API" credentials the local workflows use, pointed at a running sandbox. */
export function sandboxCredentials(sandbox: SandboxDescription): object[];
