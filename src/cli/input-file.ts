import { statSync } from 'node:fs';
import { InvalidInputError } from '../domain/errors.js';

/** The size of a file a command reads; a missing path or a directory is bad input (exit 2). */
export function inputFileSize(file: string): number {
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InvalidInputError(`${file} is not a file`, 'file_not_found');
    return st.size;
  } catch (err) {
    if (err instanceof InvalidInputError) throw err;
    throw new InvalidInputError(`no such file: ${file}`, 'file_not_found');
  }
}
