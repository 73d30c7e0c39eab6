// The grader's public contract: types and schemas only. app/ and components/ may import this file and
// nothing else of grader/ (enforced by .dependency-cruiser.cjs).
export * from "./result";
export * from "./limits";
