// Module hooks for trace-loads.mjs: names the first file loaded from each heavy package.
const HEAVY =
  /\/node_modules\/(mjml|better-sqlite3|pg|kysely|hono|@hono\/node-server|nodemailer|prom-client)\//;
const seen = new Set();

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const name = HEAVY.exec(result.url)?.[1];
  if (name && !seen.has(name)) {
    seen.add(name);
    process.stderr.write(`loaded ${name}\n`);
  }
  return result;
}
