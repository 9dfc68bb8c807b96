import { stripBidi } from './text.js';

/**
 * One CSV cell (RFC 4180), for every widget's spreadsheet export. Text a person typed goes through
 * the core's rule (`stripBidi`); text that a spreadsheet would run as a formula (starting with =, +,
 * -, @, a tab or a carriage return) gets a leading apostrophe (OWASP "CSV injection"); cells with
 * quotes, commas, line breaks or edge spaces are quoted with inner quotes doubled. Numbers are
 * written as numbers.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const clean = stripBidi(value);
  const text = /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
