// The interface texts, read from the client's own files, so tests find buttons
// and headings by the words users see without breaking when wording changes.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function texts(lang: 'de' | 'en'): Record<string, string> {
  const dir = path.resolve(__dirname, '..', '..', 'client', 'i18n', lang);
  return Object.assign({}, ...fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))));
}

/** The whole text, nothing around it (whitespace aside), as a pattern. */
export const exact = (s: string) => new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/** A questionnaire definition as shipped (the same file the server embeds). */
export function instrument(id: string) {
  const file = path.resolve(__dirname, '..', '..', 'shared', 'instruments', `${id}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as {
    id: string;
    version: number;
    title: Record<string, string>;
    items: { id: string; text: Record<string, string>; scale: string; reverse?: boolean }[];
    response_labels: Record<string, string>[];
    scales: { id: string; bands: { id: string; from: number; to: number; label: Record<string, string> }[] }[];
  };
}
