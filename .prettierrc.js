module.exports = {
	useTabs: true,
	singleQuote: true,
	printWidth: 100,
	trailingComma: 'all',
	semi: true,
};
