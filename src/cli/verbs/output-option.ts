/**
 * The `-o, --output` option of `list`, `status` and `history` (short, wide, json, yaml, as in
 * the Dapr CLI); the program's `--json` flag means `-o json`.
 */
import { Option } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from './output.js';

/** A fresh `-o, --output <format>` option (commander checks the choice). */
export function outputFormatOption(): Option {
  return new Option('-o, --output <format>', 'output format').choices([...OUTPUT_FORMATS]).default('short');
}

/** The format to print in: `--json` wins over `-o`. */
export function effectiveFormat(output: string | undefined, json: boolean): OutputFormat {
  if (json) return 'json';
  return (OUTPUT_FORMATS as readonly string[]).includes(output ?? '') ? (output as OutputFormat) : 'short';
}
