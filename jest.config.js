// Every jest config lives in test/jest/; this one only lets a bare `npx jest` find the unit layer.
module.exports = require('./test/jest/unit.config.js');
