-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "graderHostId" TEXT;

-- CreateTable
CREATE TABLE "GraderHost" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "graderVersion" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" TIMESTAMP(3),
    "graded" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "GraderHost_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GraderHost_lastSeenAt_idx" ON "GraderHost"("lastSeenAt");

-- CreateIndex
CREATE INDEX "Submission_userId_status_idx" ON "Submission"("userId", "status");
