// The one place the shipped code takes csv-stringify from, and only its synchronous entry (the
// default entry is a Node stream): `npm run build` replaces the compiled file with csv-stringify
// bundled in (scripts/bundle.js), so the package has no runtime dependency on it.
export { stringify } from 'csv-stringify/sync';
