// The generator interface every engine implements, and the registry the CLI and tests look engines up in.
import type { GeneratedDesign } from './design.js';
import type { ParamSchema } from './params.js';

export interface Generator<P> {
  /** Engine name as used on the command line, e.g. "crc". */
  name: string;
  /** Generator version; goes into every file header and the build-cache key. */
  version: string;
  /** One line for help texts. */
  summary: string;
  schema: ParamSchema;
  /** Raw (JSON or CLI) parameters → typed parameters, or a ParamError naming the bad one. */
  validate(raw: Readonly<Record<string, unknown>>): P;
  /** Pure: the same parameters give byte-identical files. */
  emit(params: P): GeneratedDesign;
  /** The command line that regenerates this design (goes in file headers). */
  command(params: P): string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyGenerator = Generator<any>;
