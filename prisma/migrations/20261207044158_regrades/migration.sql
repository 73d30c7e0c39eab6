-- AlterTable
ALTER TABLE "Submission" ADD COLUMN "regradedAt" DATETIME;
ALTER TABLE "Submission" ADD COLUMN "regradedFrom" REAL;

-- CreateTable
CREATE TABLE "Grading" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "submissionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "regradeRunId" TEXT,
    "graderVersion" TEXT NOT NULL,
    "exerciseVersion" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "hiddenSeed" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "rawScore" REAL,
    "score" REAL,
    "resultJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Grading_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RegradeRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "exerciseId" TEXT NOT NULL,
    "exerciseVersion" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "requestedById" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "total" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "RegradeRun_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RegradeItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "oldScore" REAL,
    "newScore" REAL,
    "gradingId" TEXT,
    "message" TEXT,
    "finishedAt" DATETIME,
    CONSTRAINT "RegradeItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RegradeRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RegradeItem_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Grading_submissionId_createdAt_idx" ON "Grading"("submissionId", "createdAt");

-- CreateIndex
CREATE INDEX "RegradeRun_exerciseId_createdAt_idx" ON "RegradeRun"("exerciseId", "createdAt");

-- CreateIndex
CREATE INDEX "RegradeItem_runId_status_idx" ON "RegradeItem"("runId", "status");

-- CreateIndex
CREATE INDEX "RegradeItem_status_idx" ON "RegradeItem"("status");

-- Every submission graded before this history existed gets its first grading, so a regrade finds the seeds it
-- was graded with (the hidden seed is in its result) and every history starts complete.
INSERT INTO "Grading" ("id", "submissionId", "kind", "graderVersion", "exerciseVersion", "seed", "hiddenSeed", "outcome", "rawScore", "score", "resultJson", "createdAt")
SELECT 'backfill-' || "id", "id", 'submit', COALESCE("graderVersion", 'unknown'), "exerciseVersion", "seed",
       COALESCE(json_extract("resultJson", '$.hiddenSeed'), ''), COALESCE("outcome", 'graded'), "rawScore", "score", "resultJson",
       COALESCE("finishedAt", "createdAt")
FROM "Submission" WHERE "resultJson" IS NOT NULL;
