// EJS rendering for code templates (C++ bridge, Verilog testbenches): no HTML escaping, since the output is
// source code, not markup.
import ejs from 'ejs';

export function renderTemplate(template: string, data: Record<string, unknown>): string {
  return ejs.render(template, data, { escape: (s: unknown) => String(s) });
}
