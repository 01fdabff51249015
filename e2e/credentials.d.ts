import type { SandboxDescription } from './session';

export const ADMIN_CREDENTIAL: { id: string; name: string };
export const TOKEN_CREDENTIAL: { id: string; name: string };
export function sandboxCredentials(sandbox: SandboxDescription): object[];
