/** The only place that reads the process environment (see DESIGN.md, "one composition root"). */
export function processEnv(): Record<string, string | undefined> {
  return process.env;
}
