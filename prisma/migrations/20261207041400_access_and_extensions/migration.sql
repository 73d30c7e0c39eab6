-- CreateTable
CREATE TABLE "Extension" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "until" DATETIME NOT NULL,
    "credit" INTEGER NOT NULL,
    "grantedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Extension_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Extension_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Extension_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Extension_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Submission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "exerciseVersion" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "outcome" TEXT,
    "rawScore" REAL,
    "credit" INTEGER NOT NULL DEFAULT 100,
    "creditReason" TEXT NOT NULL DEFAULT 'always_open',
    "windowIndex" INTEGER,
    "graceDays" INTEGER NOT NULL DEFAULT 0,
    "score" REAL,
    "maxScore" REAL NOT NULL,
    "seed" TEXT NOT NULL,
    "resultJson" TEXT,
    "message" TEXT,
    "graderVersion" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "graderHostId" TEXT,
    "compileMs" INTEGER,
    "runMs" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Submission_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Submission_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Submission" ("attempts", "code", "compileMs", "createdAt", "exerciseId", "exerciseVersion", "finishedAt", "graderHostId", "graderVersion", "id", "maxScore", "message", "outcome", "resultJson", "runMs", "score", "rawScore", "seed", "startedAt", "status", "userId") SELECT "attempts", "code", "compileMs", "createdAt", "exerciseId", "exerciseVersion", "finishedAt", "graderHostId", "graderVersion", "id", "maxScore", "message", "outcome", "resultJson", "runMs", "score", "score", "seed", "startedAt", "status", "userId" FROM "Submission";
-- Every submission graded before access windows had full credit: its score was its raw score.
DROP TABLE "Submission";
ALTER TABLE "new_Submission" RENAME TO "Submission";
CREATE INDEX "Submission_userId_exerciseId_createdAt_idx" ON "Submission"("userId", "exerciseId", "createdAt");
CREATE INDEX "Submission_status_idx" ON "Submission"("status");
CREATE INDEX "Submission_userId_status_idx" ON "Submission"("userId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Extension_courseId_idx" ON "Extension"("courseId");

-- CreateIndex
CREATE UNIQUE INDEX "Extension_userId_exerciseId_key" ON "Extension"("userId", "exerciseId");
