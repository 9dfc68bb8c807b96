// What the report loads when someone clicks a download: the CSV and JSON writers and the xAPI
// statements (whose builders load through each model in turn). Pages that only look never get it.
export { reportJson, tableCsv } from './report-csv.js';
export { reportStatements } from './report-xapi.js';
