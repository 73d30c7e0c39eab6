import { describe, expect, it } from "vitest";
import { UNKNOWN_CLIENT_ADDRESS } from "../route/client-address";
import { userActor } from "./actors";

describe("userActor", () => {
  it("records the request's client address, and none when the request did not come through our server", () => {
    const user = { id: "u1", email: "ada@example.org" };
    expect(userActor(user, "203.0.113.7")).toEqual({ kind: "user", userId: "u1", email: "ada@example.org", address: "203.0.113.7" });
    expect(userActor(user, UNKNOWN_CLIENT_ADDRESS).address).toBeNull();
  });
});
