import { describe, expect, it } from "vitest";
import { FairOrder } from "./fair-order";

/** Jobs named learner+number, each ranked by how many of its learner's came before it, as enqueue.ts ranks them. */
function orderOf(arrivals: string[]): FairOrder<string> {
  const order = new FairOrder<string>();
  const seen = new Map<string, number>();
  for (const id of arrivals) {
    const learner = id.replace(/\d+$/, "");
    const rank = seen.get(learner) ?? 0;
    seen.set(learner, rank + 1);
    order.push(id, rank);
  }
  return order;
}

function takeAll(order: FairOrder<string>): string[] {
  const taken = [];
  for (let next = order.take(); next !== undefined; next = order.take()) taken.push(next);
  return taken;
}

describe("FairOrder", () => {
  it("grades every learner's first submission before anyone's second, each learner's in the order they came", () => {
    const order = orderOf(["a1", "a2", "a3", "a4", "b1", "c1", "b2"]);
    expect(takeAll(order)).toEqual(["a1", "b1", "c1", "a2", "b2", "a3", "a4"]);
    expect(order.size).toBe(0);
  });

  it("puts another learner's submission ahead of a flood that was queued before it", () => {
    const flood = Array.from({ length: 100 }, (_, i) => `flood${i + 1}`);
    const order = orderOf(flood);
    expect(order.take()).toBe("flood1");
    order.push("newcomer1", 0);
    expect(order.take()).toBe("newcomer1");
    expect(order.take()).toBe("flood2");
    expect(order.size).toBe(98);
  });

  it("treats a fractional or negative rank as the nearest rank it can be", () => {
    const order = new FairOrder<string>();
    order.push("late", 1.7);
    order.push("first", -3);
    expect(takeAll(order)).toEqual(["first", "late"]);
  });
});
