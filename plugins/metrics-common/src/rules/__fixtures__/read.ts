import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The text of a fixture file of this folder. */
export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(__dirname, name), 'utf8');
}

/** A fixture file of this folder, parsed (anchors and aliases resolved). */
export function fixture(name: string): any {
  return parse(fixtureText(name));
}
