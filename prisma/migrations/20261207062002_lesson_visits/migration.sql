-- CreateTable
CREATE TABLE "LessonVisit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "firstVisitedAt" DATETIME NOT NULL,
    "lastVisitedAt" DATETIME NOT NULL,
    CONSTRAINT "LessonVisit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LessonVisit_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LessonVisit_lessonId_idx" ON "LessonVisit"("lessonId");

-- CreateIndex
CREATE UNIQUE INDEX "LessonVisit_userId_lessonId_key" ON "LessonVisit"("userId", "lessonId");
