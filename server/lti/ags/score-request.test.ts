import { describe, expect, it } from "vitest";
import { isDeliverableUrl, scoreBody, scoresUrl } from "./score-request";

describe("scoresUrl", () => {
  it("appends /scores to the line item's path, before its query string (AGS 2.0 §3.4)", () => {
    expect(scoresUrl("https://lms.example/api/lti/courses/7/line_items/31")).toBe("https://lms.example/api/lti/courses/7/line_items/31/scores");
    expect(scoresUrl("https://lms.example/mod/lti/services.php/2/lineitems/5/lineitem?type_id=1")).toBe(
      "https://lms.example/mod/lti/services.php/2/lineitems/5/lineitem/scores?type_id=1",
    );
    expect(scoresUrl("https://lms.example/lineitems/5/?a=1&b=2#x")).toBe("https://lms.example/lineitems/5/scores?a=1&b=2");
  });
});

describe("isDeliverableUrl", () => {
  it("takes https, and http only on the loopback", () => {
    expect(isDeliverableUrl("https://lms.example/lineitems/5")).toBe(true);
    expect(isDeliverableUrl("http://127.0.0.1:4000/lineitems/5")).toBe(true);
    expect(isDeliverableUrl("http://lms.example/lineitems/5")).toBe(false);
    expect(isDeliverableUrl("not a url")).toBe(false);
  });
});

describe("scoreBody", () => {
  it("is the AGS score: the learner's sub, the grade, FullyGraded, stamped with when the grade was produced", () => {
    const producedAt = new Date("2027-03-01T12:00:00.123Z");
    expect(scoreBody({ sub: "lms-user-1", scoreGiven: 7.5, scoreMaximum: 20, activityProgress: "Completed", producedAt })).toEqual({
      userId: "lms-user-1",
      scoreGiven: 7.5,
      scoreMaximum: 20,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
      timestamp: "2027-03-01T12:00:00.123Z",
    });
  });

  it("refuses an activityProgress AGS does not know", () => {
    expect(() => scoreBody({ sub: "u", scoreGiven: 1, scoreMaximum: 2, activityProgress: "Done", producedAt: new Date() })).toThrow();
  });
});
