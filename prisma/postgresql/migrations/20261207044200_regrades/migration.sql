-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "regradedAt" TIMESTAMP(3),
ADD COLUMN     "regradedFrom" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "Grading" (
    "id" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "regradeRunId" TEXT,
    "graderVersion" TEXT NOT NULL,
    "exerciseVersion" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "hiddenSeed" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "rawScore" DOUBLE PRECISION,
    "score" DOUBLE PRECISION,
    "resultJson" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Grading_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegradeRun" (
    "id" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "exerciseVersion" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "requestedById" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "total" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RegradeRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegradeItem" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "oldScore" DOUBLE PRECISION,
    "newScore" DOUBLE PRECISION,
    "gradingId" TEXT,
    "message" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RegradeItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Grading_submissionId_createdAt_idx" ON "Grading"("submissionId", "createdAt");

-- CreateIndex
CREATE INDEX "RegradeRun_exerciseId_createdAt_idx" ON "RegradeRun"("exerciseId", "createdAt");

-- CreateIndex
CREATE INDEX "RegradeItem_runId_status_idx" ON "RegradeItem"("runId", "status");

-- CreateIndex
CREATE INDEX "RegradeItem_status_idx" ON "RegradeItem"("status");

-- AddForeignKey
ALTER TABLE "Grading" ADD CONSTRAINT "Grading_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegradeRun" ADD CONSTRAINT "RegradeRun_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegradeItem" ADD CONSTRAINT "RegradeItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RegradeRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegradeItem" ADD CONSTRAINT "RegradeItem_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every submission graded before this history existed gets its first grading, so a regrade finds the seeds it
-- was graded with (the hidden seed is in its result) and every history starts complete.
INSERT INTO "Grading" ("id", "submissionId", "kind", "graderVersion", "exerciseVersion", "seed", "hiddenSeed", "outcome", "rawScore", "score", "resultJson", "createdAt")
SELECT 'backfill-' || "id", "id", 'submit', COALESCE("graderVersion", 'unknown'), "exerciseVersion", "seed",
       COALESCE("resultJson"::jsonb ->> 'hiddenSeed', ''), COALESCE("outcome", 'graded'), "rawScore", "score", "resultJson",
       COALESCE("finishedAt", "createdAt")
FROM "Submission" WHERE "resultJson" IS NOT NULL;
