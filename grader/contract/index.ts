// The grader's public contract: types, schemas and the one pure function that redacts a result for its learner. app/ and components/ may import this file and
// nothing else of grader/ (enforced by .dependency-cruiser.cjs).
export * from "./result";
export * from "./limits";
export * from "./redact";
