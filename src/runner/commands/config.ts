/** `rewire config`: print the default config (a valid starting point) or describe every field. */
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli.ts';
import { configSchema, defaultRunConfig, describeConfig, loadRunConfig } from '../../config/index.ts';

export const CONFIG_HELP = `Usage: rewire config [--fields | --schema | --check FILE]

  (no option)    print the default run config as JSON (save it, edit it, pass it to rewire run)
  --fields       list every field with its unit, default and meaning
  --schema       print the JSON Schema the config is checked against
  --check FILE   validate FILE and print the resolved config (defaults filled in)
`;

export async function configCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { fields: { type: 'boolean' }, schema: { type: 'boolean' }, check: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) io.stdout(CONFIG_HELP);
  else if (values.fields) io.stdout(describeConfig() + '\n');
  else if (values.schema) io.stdout(JSON.stringify(configSchema, null, 2) + '\n');
  else if (values.check) io.stdout(JSON.stringify(loadRunConfig(values.check), null, 2) + '\n');
  else io.stdout(JSON.stringify(defaultRunConfig(), null, 2) + '\n');
  return 0;
}
