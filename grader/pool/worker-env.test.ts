import { describe, expect, it } from "vitest";
import { IVM_PATH_ENV } from "../ivm/load-ivm";
import { INHERITED_VARIABLES, workerEnvironment } from "./worker-env";

// A worker's environment is built from allow-lists: nothing of the web server's environment reaches it by default.

const SERVER_ENV: NodeJS.ProcessEnv = {
  NODE_ENV: "production",
  BETTER_AUTH_SECRET: "s3cret",
  DATABASE_URL: "postgres://user:pw@db/pagewise",
  PUBLIC_URL: "https://pagewise.example",
  PATH: "/usr/bin",
  HOME: "/home/app",
  NODE_OPTIONS: "--require /tmp/hook.js",
  PAGEWISE_IVM_PATH: "/opt/isolated-vm",
  PAGEWISE_GRADER_SABOTAGE: '{"leakProcess":true}',
};

describe("workerEnvironment", () => {
  it("keeps only the allow-listed variables of the parent", () => {
    expect(workerEnvironment(SERVER_ENV)).toEqual({ NODE_ENV: "production", PAGEWISE_IVM_PATH: "/opt/isolated-vm" });
  });

  it("does not even inherit the worker's own switches: a caller passes them explicitly", () => {
    expect(workerEnvironment(SERVER_ENV, { PAGEWISE_GRADER_SELF_TEST: "off" })).toEqual({
      NODE_ENV: "production",
      PAGEWISE_IVM_PATH: "/opt/isolated-vm",
      PAGEWISE_GRADER_SELF_TEST: "off",
    });
  });

  it("refuses a switch that is not PAGEWISE_GRADER_* (a caller handing on its own environment, say)", () => {
    expect(() => workerEnvironment(SERVER_ENV, { DATABASE_URL: "x" })).toThrow(/may not carry DATABASE_URL/);
    expect(() => workerEnvironment(SERVER_ENV, { PAGEWISE_IVM_PATH: "/x" })).toThrow(/may not carry PAGEWISE_IVM_PATH/);
  });

  it("leaves out variables the parent does not have", () => {
    expect(workerEnvironment({ NODE_ENV: "test" })).toEqual({ NODE_ENV: "test" });
  });

  it("passes on the variable the isolated-vm loader reads", () => {
    expect(INHERITED_VARIABLES).toContain(IVM_PATH_ENV);
  });
});
