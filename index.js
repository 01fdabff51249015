// n8n discovers this package's nodes and credential through the "n8n" block of package.json;
// nothing is exported from here on purpose.
module.exports = {};
