// What the report loads when someone downloads the xAPI statements (the builders then load through
// each model in turn). Pages that only look never get it.
export { reportStatements } from './report-xapi.js';
