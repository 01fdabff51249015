// The one place the shipped code takes zod from: `npm run build` replaces the compiled file with
// zod itself bundled in (scripts/bundle.js), so the package has no runtime dependency on it.
export { z } from 'zod';
