-- AlterTable
ALTER TABLE "Submission" ADD COLUMN "graderHostId" TEXT;

-- CreateTable
CREATE TABLE "GraderHost" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "graderVersion" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" DATETIME,
    "graded" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "GraderHost_lastSeenAt_idx" ON "GraderHost"("lastSeenAt");

-- CreateIndex
CREATE INDEX "Submission_userId_status_idx" ON "Submission"("userId", "status");
