-- CreateTable
CREATE TABLE "LessonVisit" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "firstVisitedAt" TIMESTAMP(3) NOT NULL,
    "lastVisitedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LessonVisit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LessonVisit_lessonId_idx" ON "LessonVisit"("lessonId");

-- CreateIndex
CREATE UNIQUE INDEX "LessonVisit_userId_lessonId_key" ON "LessonVisit"("userId", "lessonId");

-- AddForeignKey
ALTER TABLE "LessonVisit" ADD CONSTRAINT "LessonVisit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LessonVisit" ADD CONSTRAINT "LessonVisit_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE CASCADE ON UPDATE CASCADE;
