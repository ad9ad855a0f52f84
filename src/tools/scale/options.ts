import { isValidLocalDate } from '../../common/dates';

/** The options of `npm run seed:scale` (see usage()). */
export interface ScaleOptions {
  /** Seed of the PRNG: the same seed (and options) gives the same data. */
  seed: number;
  /** Tenants to create: Thành ủy Hà Nội first, then province-sized copies with other names. */
  tenants: number;
  /** Multiplier of every count (1 = Hà Nội: 2,835 schools, 95,000 members, 50,000 candidates). */
  scale: number;
  /** Delete all data rows first (public holidays and migrations stay). */
  reset: boolean;
  /** Password of every generated user (one bcrypt hash, computed once). */
  password: string;
  /** The data's "today": every step is dated before it. */
  asOf: string;
  help: boolean;
}

export const DEFAULT_OPTIONS: ScaleOptions = {
  seed: 1,
  tenants: 1,
  scale: 1,
  reset: false,
  password: 'ketnap-scale',
  asOf: '2026-11-01',
  help: false,
};

export function usage(): string {
  return [
    'Usage: node dist/src/cli/seed-scale.js [options]',
    '',
    'Fills the configured database (DATABASE_URL, or SQLITE_PATH) with Hà Nội-sized tenants.',
    '',
    '  --seed <n>        PRNG seed (default 1); same seed and options, same data',
    '  --tenants <n>     tenants (default 1): Thành ủy Hà Nội, then Tỉnh ủy/Thành ủy copies (19 ≈ the whole country)',
    '  --scale <f>       multiplier of every count (default 1; 0.01 for a quick run)',
    '  --reset           delete every data row first (holidays and migrations stay)',
    '  --password <p>    password of every generated user (default "ketnap-scale")',
    '  --as-of <date>    the data\'s today, YYYY-MM-DD (default 2026-11-01)',
    '  --help            this text',
  ].join('\n');
}

function numberOption(name: string, raw: string | undefined, integer: boolean, min: number, max: number): number {
  const value = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new Error(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${raw ?? ''}"`);
  }
  return value;
}

export function parseOptions(argv: string[]): ScaleOptions {
  const options = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : arg;
    const value = (): string | undefined => (eq === -1 ? argv[++i] : arg.slice(eq + 1));
    switch (name) {
      case 'seed':
        options.seed = numberOption(name, value(), true, 0, 0xffffffff);
        break;
      case 'tenants':
        options.tenants = numberOption(name, value(), true, 1, 200);
        break;
      case 'scale':
        options.scale = numberOption(name, value(), false, 0.001, 10);
        break;
      case 'reset':
        options.reset = true;
        break;
      case 'password': {
        const password = value();
        if (!password) throw new Error('--password needs a value');
        options.password = password;
        break;
      }
      case 'as-of': {
        const asOf = value() ?? '';
        if (!isValidLocalDate(asOf) || asOf < '2019-01-01') throw new Error(`--as-of must be a date (YYYY-MM-DD) from 2019, got "${asOf}"`);
        options.asOf = asOf;
        break;
      }
      case 'help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`Unknown option "${arg}"\n\n${usage()}`);
    }
  }
  return options;
}

/** The generator never writes into the embedded demo database that `npm start` serves: a database must be named. */
export function assertNamedDatabase(env: Record<string, string | undefined>): void {
  if (!env.DATABASE_URL && !env.SQLITE_PATH) {
    throw new Error('Set DATABASE_URL (e.g. mysql://root@127.0.0.1:3306/ketnap_scale) or SQLITE_PATH: seed:scale does not write into the embedded demo database.');
  }
}
