import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/**
 * Driver-adapter factories for Prisma's WebAssembly schema engine, with the shims it needs under
 * Prisma 7.10 (see docs/decisions/0002-prisma-offline.md for each one and where it was observed).
 */

export type Provider = "sqlite" | "postgresql";

/** Resolves a `file:` URL (relative to the repo root, like Prisma does) to an absolute path. */
export function sqliteFilePath(url: string, root: string): string {
  const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return file === ":memory:" ? file : path.resolve(root, file);
}

/**
 * The engine replays each migration.sql with ONE executeRaw call; libsql's executeRaw runs only the
 * first statement of a multi-statement string (silently), so send parameterless scripts to
 * executeScript, which runs them all.
 */
function isMultiStatement(sql: string): boolean {
  const body = sql.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "").trim().replace(/;+$/, "");
  return body.includes(";");
}

type Queryable = {
  executeRaw(query: { sql: string; args: unknown[] }): Promise<number>;
  executeScript(script: string): Promise<void>;
  dispose(): Promise<void>;
};

function withScriptShim<T extends Queryable>(adapter: T): T {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeRaw") {
        return async (query: { sql: string; args: unknown[] }) => {
          if (query.args.length === 0 && isMultiStatement(query.sql)) {
            await target.executeScript(query.sql);
            return 0;
          }
          return target.executeRaw(query);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Connections the engine opened; its free() does not close them, so the CLI does before exiting. */
export const openConnections: Queryable[] = [];

export async function createAdapterFactory(provider: Provider, url: string, root: string): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const inner = provider === "sqlite" ? await sqliteFactory(url, root) : await postgresFactory(url);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const connection = await inner.connect();
      openConnections.push(connection as unknown as Queryable);
      return withScriptShim(connection as unknown as Queryable) as unknown as Awaited<ReturnType<typeof inner.connect>>;
    },
    connectToShadowDb: async () =>
      withScriptShim((await inner.connectToShadowDb()) as unknown as Queryable) as unknown as Awaited<ReturnType<typeof inner.connectToShadowDb>>,
  };
}

async function sqliteFactory(url: string, root: string): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaLibSql } = await import("@prisma/adapter-libsql");
  const file = sqliteFilePath(url, root);
  // libsql's own connectToShadowDb uses an in-memory database: exactly what a shadow database should be.
  return new PrismaLibSql({ url: file === ":memory:" ? file : pathToFileURL(file).href });
}

async function postgresFactory(url: string): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = (await import("pg")).default;
  await reportCharColumnsAsText();
  const config = postgresConfig(url);
  await ensurePostgresDatabase(config);
  const factory = new PrismaPg(config);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wholeScripts(await factory.connect()),
    // adapter-pg 7.10.1's own shadow database drops itself before closing its pool (the drop fails
    // and the database leaks), so create and drop a temporary one here. The role needs CREATEDB.
    connectToShadowDb: async () => {
      const name = `pagewise_shadow_${globalThis.crypto.randomUUID().replaceAll("-", "")}`;
      const admin = new pg.Client(config);
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const shadow = wholeScripts(await new PrismaPg({ ...config, database: name }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        const dropper = new pg.Client(config);
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS "${name}"`);
        await dropper.end();
      };
      return shadow;
    },
  };
}

/**
 * adapter-pg 7.10.1's executeScript splits a script on every ";" and runs the pieces one by one, which breaks a
 * PL/pgSQL body (`$$ ... ; ... $$`, the audit log's append-only trigger) and a comment holding a ";". The native
 * schema engine sends a migration to PostgreSQL as one simple-protocol query; so does this, on the adapter's own
 * pg client, with its errors mapped by the adapter as before.
 */
function wholeScripts<T extends object>(connection: T): T {
  const adapter = connection as unknown as {
    client?: { query(sql: string): Promise<unknown> };
    onError?: (error: unknown) => never;
    executeScript(script: string): Promise<void>;
  };
  const client = adapter.client;
  if (!client || typeof client.query !== "function") throw new Error("@prisma/adapter-pg changed: its connection has no pg client to run a migration script on (scripts/db/adapters.ts).");
  adapter.executeScript = async (script: string) => {
    try {
      await client.query(script);
    } catch (error) {
      if (adapter.onError) adapter.onError(error);
      throw error;
    }
  };
  return connection;
}

interface PostgresConfig {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
}

/**
 * Discrete fields, not a connection string: node-postgres lets a connection string override an
 * explicit `database`, which would point the shadow database at the main one.
 */
export function postgresConfig(url: string): PostgresConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || "127.0.0.1",
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)) || undefined,
  };
}

/** `prisma migrate deploy` creates a missing database; so does this (error 3D000: no such database). */
async function ensurePostgresDatabase(config: PostgresConfig): Promise<void> {
  const pg = (await import("pg")).default;
  const probe = new pg.Client(config);
  try {
    await probe.connect();
    await probe.end();
  } catch (error) {
    await probe.end().catch(() => undefined);
    if ((error as { code?: string }).code !== "3D000") throw error;
    const admin = new pg.Client({ ...config, database: "postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${String(config.database).replaceAll('"', '""')}"`);
    await admin.end();
  }
}

/**
 * The engine's introspection reads catalog columns of PostgreSQL's internal "char" type (OID 18),
 * which adapter-pg 7.10.1 cannot decode. Their wire format is text already: report them as text.
 * Only this migration process is patched.
 */
async function reportCharColumnsAsText(): Promise<void> {
  const pg = (await import("pg")).default as unknown as {
    Query: { prototype: { handleRowDescription: (message: { fields: { dataTypeID: number }[] }) => void; __charAsText?: boolean } };
  };
  const proto = pg.Query.prototype;
  if (proto.__charAsText) return;
  const original = proto.handleRowDescription;
  proto.handleRowDescription = function (message) {
    for (const field of message.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return original.call(this, message);
  };
  proto.__charAsText = true;
}
